package io.hookyard.app;

import io.hookyard.http.auth.OperatorKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Tells the person who started Hookyard where it is and how to call it. The operator key is shown
 * only when it was generated into the data folder (embedded mode), never when it came from the
 * environment.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

  private final ObjectProvider<OperatorKey> operatorKey;

  StartupBanner(ObjectProvider<OperatorKey> operatorKey) {
    this.operatorKey = operatorKey;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    var env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    String url = "http://localhost:" + port;
    boolean fromEnv = !env.getProperty("hookyard.admin-key", "").isBlank();
    OperatorKey key = operatorKey.getIfAvailable();
    String shown =
        key == null ? "(control role off)" : fromEnv ? "(from HOOKYARD_ADMIN_KEY)" : key.reveal();
    log.info(
        "\n  Hookyard is ready at {}\n  console: {}/console\n  Kafka: {}\n  operator key: {}\n  try: curl -s -X POST {}/api/v1/tenants"
            + " -H 'Authorization: Bearer {}' -H 'Content-Type: application/json' -d '{\"name\":\"Acme\"}'",
        url,
        url,
        env.getProperty("hookyard.kafka.bootstrap-servers"),
        shown,
        url,
        fromEnv ? "$HOOKYARD_ADMIN_KEY" : shown);
  }
}
