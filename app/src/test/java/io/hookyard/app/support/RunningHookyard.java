package io.hookyard.app.support;

import io.hookyard.app.HookyardApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application in embedded mode on a data folder, started the way `main` starts it. */
public final class RunningHookyard implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final Path dataDir;

  private RunningHookyard(ConfigurableApplicationContext context, Path dataDir) {
    this.context = context;
    this.dataDir = dataDir;
  }

  public static RunningHookyard start(Path dataDir, String... settings) {
    String[] args = new String[settings.length + 2];
    args[0] = "--server.port=0";
    args[1] = "--hookyard.data-dir=" + dataDir.toAbsolutePath();
    System.arraycopy(settings, 0, args, 2, settings.length);
    ConfigurableApplicationContext context = HookyardApplication.application().run(args);
    return new RunningHookyard(context, dataDir);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  public String property(String name) {
    return context.getEnvironment().getRequiredProperty(name);
  }

  public Path dataDir() {
    return dataDir;
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
