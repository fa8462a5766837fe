package io.hookyard.streams;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.streams.routing.RoutingTopology;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The streams role: runs the routing topology. On only when {@code hookyard.roles} names {@code
 * streams}. State lives under the data folder, so a restart resumes rather than rebuilds.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('streams')")
public class StreamsConfiguration {

  @Bean
  StreamsRunner routingStreams(
      KafkaConnection kafka, @Value("${hookyard.data-dir:./hookyard-data}") Path dataDir) {
    Properties props = new Properties();
    props.putAll(kafka.admin());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hookyard-routing");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toAbsolutePath().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    return new StreamsRunner(() -> new KafkaStreams(RoutingTopology.build(props), props));
  }

  /** {@code /actuator/health} is UP only once routing processes events. */
  @Bean
  HealthIndicator routingHealth(StreamsRunner routingStreams) {
    return () ->
        routingStreams.isProcessing()
            ? Health.up().build()
            : Health.down().withDetail("routing", routingStreams.state()).build();
  }
}
