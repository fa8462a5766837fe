package io.hookyard.app.cds;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The class-data-sharing training run of the build ({@code hookyard.cds-training=true}): once
 * Hookyard is up (health UP: the streams running, dispatch consuming) and has carried {@code
 * hookyard.cds-training-events} events each way in ({@link TrainingTraffic}; needs {@code
 * hookyard.admin-key}), it stops the way a SIGTERM would, so the JVM writes every class it loaded
 * on the way into the archive named by {@code -XX:ArchiveClassesAtExit} (or a JDK 25 AOT cache
 * named by {@code -XX:AOTCacheOutput}, with the methods' profiles). A failed training run still
 * stops and leaves what it loaded. A start from that archive reads those classes mapped in, already
 * parsed and verified, instead of loading them one by one from the jars: the start-up figures are
 * in docs/benchmarks.md.
 */
@Component
@ConditionalOnBooleanProperty("hookyard.cds-training")
class CdsTraining implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(CdsTraining.class);
  private static final Duration MOST = Duration.ofMinutes(3);

  private final HealthEndpoint health;
  private final String operatorKey;
  private final int events;

  CdsTraining(
      HealthEndpoint health,
      @Value("${hookyard.admin-key:}") String operatorKey,
      @Value("${hookyard.cds-training-events:1000}") int events) {
    this.health = health;
    this.operatorKey = operatorKey;
    this.events = events;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    ConfigurableApplicationContext context = event.getApplicationContext();
    Thread exit =
        new Thread(
            () -> {
              awaitUp();
              traffic(context.getEnvironment().getProperty("local.server.port", Integer.class));
              log.info("class-data-sharing training: done, stopping so the JVM writes the archive");
              System.exit(SpringApplication.exit(context));
            },
            "cds-training");
    exit.setDaemon(true);
    exit.start();
  }

  private void traffic(Integer port) {
    if (events <= 0 || operatorKey.isBlank() || port == null) {
      return;
    }
    try {
      int received = new TrainingTraffic(port, operatorKey, events).run();
      log.info("class-data-sharing training: {} of {} events delivered", received, events * 2);
    } catch (Exception e) {
      log.warn("class-data-sharing training: traffic failed ({}), stopping anyway", e.toString());
    }
  }

  private void awaitUp() {
    long deadline = System.nanoTime() + MOST.toNanos();
    while (System.nanoTime() < deadline) {
      if (Status.UP.equals(health.health().getStatus())) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.warn("class-data-sharing training: not up after {}; stopping anyway", MOST);
  }
}
