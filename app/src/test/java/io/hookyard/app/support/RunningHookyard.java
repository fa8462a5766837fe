package io.hookyard.app.support;

import io.hookyard.app.HookyardApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application in embedded mode on a data folder, started the way `main` starts it. */
public final class RunningHookyard implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final Path dataDir;

  private RunningHookyard(ConfigurableApplicationContext context, Path dataDir) {
    this.context = context;
    this.dataDir = dataDir;
  }

  /**
   * Starts Hookyard with a high API rate limit (tests call faster than people do; a test of the
   * limit lowers it per tenant) and any further {@code --name=value} settings.
   */
  public static RunningHookyard start(Path dataDir, String... settings) {
    SharedHookyard.stop(); // one app at a time: the shared one, if it runs, makes way
    return boot(dataDir, settings);
  }

  /** Starts Hookyard as {@link #start} does, beside any app that runs already. */
  static RunningHookyard boot(Path dataDir, String... settings) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--hookyard.data-dir=" + dataDir.toAbsolutePath());
    args.add("--hookyard.api.rate-limit-per-minute=1000000");
    args.addAll(List.of(settings));
    ConfigurableApplicationContext context =
        HookyardApplication.application().run(args.toArray(String[]::new));
    return new RunningHookyard(context, dataDir);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  public String property(String name) {
    return context.getEnvironment().getRequiredProperty(name);
  }

  /** A bean of the running application, for tests that look at what the API cannot show. */
  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The broker this instance uses, for tests that produce records as another service would. */
  public String kafkaBootstrapServers() {
    return context.getEnvironment().getProperty("hookyard.kafka.bootstrap-servers");
  }

  public String operatorKey() {
    try {
      return Files.readString(dataDir.resolve("operator.key")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ApiClient operator() {
    return new ApiClient(baseUrl(), operatorKey());
  }

  @Override
  public void close() {
    context.close();
  }
}
