package io.hookyard.streams;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Tracing;
import io.hookyard.streams.inbound.InboundTopology;
import io.hookyard.streams.routing.RoutingTopology;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The streams role: the inbound topology (dedup, normalize) and the routing topology, each its own
 * Kafka Streams application. On only when {@code hookyard.roles} names {@code streams}. State lives
 * under the data folder, so a restart resumes rather than rebuilds. Records that cannot be read or
 * processed go to {@code hookyard.streams.dead} and processing goes on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('streams')")
public class StreamsConfiguration {
  private final KafkaConnection kafka;
  private final Path dataDir;
  private final Duration commitInterval;

  /**
   * @param commitInterval how often each application commits its exactly-once transaction: what it
   *     wrote becomes visible to {@code read_committed} readers (dispatch) only then, so half of it
   *     is added to every event's latency on average; shorter means more transactions per second.
   *     30 ms (was 100 ms): p50/p99 publish to delivered at 500 events/s went from 60/116 to 26/49
   *     ms for 0.28 ms more CPU per event at that rate and none at saturation, where commits carry
   *     more records each (bench/e2e.sh, docs/benchmarks.md)
   */
  StreamsConfiguration(
      KafkaConnection kafka,
      @Value("${hookyard.data-dir:./hookyard-data}") Path dataDir,
      @Value("${hookyard.streams.commit-interval:30ms}") Duration commitInterval) {
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("hookyard.streams.commit-interval must be positive");
    }
    this.kafka = kafka;
    this.dataDir = dataDir;
    this.commitInterval = commitInterval;
  }

  @Bean
  StreamsRunner routingStreams(ObjectProvider<Tracing> tracing) {
    Properties props = properties("hookyard-routing");
    Tracing spans = tracing.getIfAvailable(Tracing::off);
    return new StreamsRunner(() -> new KafkaStreams(RoutingTopology.build(props, spans), props));
  }

  @Bean
  StreamsRunner inboundStreams(
      EventCatalog catalog, @Value("${hookyard.streams.dedup-window:P7D}") Duration window) {
    Properties props = properties("hookyard-inbound");
    return new StreamsRunner(
        () -> new KafkaStreams(InboundTopology.build(props, window, catalog), props));
  }

  /** The dedup counter, as {@code hookyard_streams_inbound_duplicates_total} in Prometheus. */
  @Bean
  MeterBinder inboundDuplicates() {
    return registry ->
        FunctionCounter.builder(
                "hookyard.streams.inbound.duplicates", InboundTopology.DUPLICATES, LongAdder::sum)
            .description("vendor redeliveries dropped by the inbound dedup window")
            .register(registry);
  }

  /** {@code /actuator/health} is UP only once both topologies process events. */
  @Bean
  HealthIndicator streamsHealth(StreamsRunner routingStreams, StreamsRunner inboundStreams) {
    return () ->
        routingStreams.isProcessing() && inboundStreams.isProcessing()
            ? Health.up().build()
            : Health.down()
                .withDetail("routing", routingStreams.state())
                .withDetail("inbound", inboundStreams.state())
                .build();
  }

  private Properties properties(String applicationId) {
    Properties props = new Properties();
    props.putAll(kafka.admin());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toAbsolutePath().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // each task reads one partition of one topic (configuration comes through global stores), so
    // there is no other partition to wait for and keep in timestamp order with; without this, the
    // check for one ran before every record and formatted log text each time (JFR: a visible share
    // of the routing thread)
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // the stream thread's and the global store thread's fetches wait longer at the broker when
    // there is nothing to read: a record or a transaction marker answers a waiting fetch at once,
    // so this adds no latency; it only makes an idle instance ask less often (docs/benchmarks.md,
    // idle). The restore consumer keeps the default: it reads to an end offset and stops.
    int wait = (int) KafkaConnection.FOLLOWER_WAIT.toMillis();
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), wait);
    props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), wait);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.STREAMS_DEAD.name());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class);
    return props;
  }
}
