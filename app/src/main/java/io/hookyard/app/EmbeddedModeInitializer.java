package io.hookyard.app;

import io.hookyard.app.embedded.EmbeddedInfrastructure;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Embedded mode: whichever of Kafka and PostgreSQL is not configured is started in-process, with
 * its data under {@code hookyard.data-dir}, before any bean needs it. Embedded mode is for local
 * development, so unless told otherwise it lets endpoints target loopback and private addresses (a
 * receiver on localhost), which a server install refuses (SSRF). It is stopped after every bean is
 * gone (it is registered as the first disposable bean, and Spring destroys in reverse).
 */
final class EmbeddedModeInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedModeInitializer.class);
  private static final String ALLOW_PRIVATE = "hookyard.dispatch.allow-private-targets";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    boolean kafka = isBlank(env.getProperty("hookyard.kafka.bootstrap-servers"));
    boolean postgres = isBlank(env.getProperty("hookyard.r2dbc.url"));
    if (!kafka && !postgres) {
      return;
    }
    Path dataDir =
        Path.of(env.getProperty("hookyard.data-dir", "./hookyard-data")).toAbsolutePath();
    log.info(
        "embedded mode: starting {}{} under {}",
        kafka ? "Kafka" : "",
        kafka && postgres ? " and PostgreSQL" : postgres ? "PostgreSQL" : "",
        dataDir);
    EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, kafka, postgres);
    context.getBeanFactory().registerSingleton("embeddedInfrastructure", infra);
    ((org.springframework.beans.factory.support.DefaultListableBeanFactory)
            context.getBeanFactory())
        .registerDisposableBean("embeddedInfrastructure", infra::close);
    Map<String, Object> props = new java.util.HashMap<>(infra.properties());
    props.putIfAbsent("hookyard.embedded", true);
    if (env.getProperty(ALLOW_PRIVATE) == null) {
      props.put(ALLOW_PRIVATE, true);
      log.info(
          "embedded mode: endpoints may target loopback and private addresses ({}=true);"
              + " set it to false to refuse them as a server install does",
          ALLOW_PRIVATE);
    }
    env.getPropertySources().addFirst(new MapPropertySource("hookyard-embedded", props));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
