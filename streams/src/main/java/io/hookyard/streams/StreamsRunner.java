package io.hookyard.streams;

import io.hookyard.schemas.loop.FailureReason;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a Kafka Streams application with the context and closes it cleanly on shutdown, leaving
 * its consumer group: Streams stays in the group on close by default, so the next start (a restart
 * of this one instance, say) would wait out the old member's session timeout, about 45 s, before it
 * processes anything.
 */
final class StreamsRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  private final Supplier<KafkaStreams> factory;
  private volatile KafkaStreams streams;

  StreamsRunner(Supplier<KafkaStreams> factory) {
    this.factory = factory;
  }

  @Override
  public void start() {
    streams = factory.get();
    streams.setUncaughtExceptionHandler(StreamsRunner::onUncaught);
    streams.start();
  }

  /**
   * A stream thread that dies is replaced, so the topology goes on (its open transaction is aborted
   * and its tasks resume from their last commit). Without a handler Kafka Streams shuts the whole
   * client down for good: the fault suite saw routing stop for the rest of the run after a broker
   * overwhelmed by load forgot a transactional producer id ("The producer attempted to use a
   * producer id which is not currently assigned to its transactional id").
   */
  static StreamThreadExceptionResponse onUncaught(Throwable failure) {
    log.warn("a stream thread died ({}); it is replaced", FailureReason.of(failure));
    return StreamThreadExceptionResponse.REPLACE_THREAD;
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
