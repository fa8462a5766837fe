package io.hookyard.app;

import io.hookyard.control.ControlConfiguration;
import io.hookyard.dispatch.DispatchConfiguration;
import io.hookyard.ingest.IngestConfiguration;
import io.hookyard.streams.StreamsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The one runnable Hookyard. {@code hookyard.roles} picks which roles this process runs (all by
 * default); with no Kafka or PostgreSQL configured it starts both in-process (embedded mode).
 */
@SpringBootApplication
@Import({
  ControlConfiguration.class,
  IngestConfiguration.class,
  StreamsConfiguration.class,
  DispatchConfiguration.class
})
public class HookyardApplication {

  public static void main(String[] args) {
    application().run(args);
  }

  /** The application with embedded mode wired in; tests start it the same way. */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(HookyardApplication.class);
    app.addInitializers(new EmbeddedModeInitializer());
    return app;
  }
}
