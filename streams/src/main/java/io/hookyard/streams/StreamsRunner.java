package io.hookyard.streams;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a Kafka Streams application with the context and closes it cleanly on shutdown, leaving
 * its consumer group: Streams stays in the group on close by default, so the next start (a restart
 * of this one instance, say) would wait out the old member's session timeout, about 45 s, before it
 * processes anything.
 */
final class StreamsRunner implements SmartLifecycle {
  private final Supplier<KafkaStreams> factory;
  private volatile KafkaStreams streams;

  StreamsRunner(Supplier<KafkaStreams> factory) {
    this.factory = factory;
  }

  @Override
  public void start() {
    streams = factory.get();
    streams.start();
  }

  @Override
  public void stop() {
    KafkaStreams current = streams;
    if (current != null) {
      current.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
      streams = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  /** Whether the topology is processing: started, assigned its partitions and running. */
  boolean isProcessing() {
    KafkaStreams current = streams;
    return current != null && current.state() == KafkaStreams.State.RUNNING;
  }

  String state() {
    KafkaStreams current = streams;
    return current == null ? "STOPPED" : current.state().name();
  }
}
