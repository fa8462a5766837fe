package io.hookyard.schemas.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether a {@code KafkaProducer.send} may be called on the current thread without blocking
 * it. {@code send} blocks while the producer has no metadata for the topic or its buffer is full
 * (up to {@code max.block.ms}), and callers are usually netty event loops. So it is "yes" only
 * while the producer is known to be healthy: Kafka acknowledged the last send that finished, and a
 * record of the same topic within the last minute (the producer forgets a topic's metadata after
 * five idle minutes); the bytes awaiting acknowledgement stay under a quarter of the buffer; and
 * the caller is not the producer's own network thread, where acknowledgements (and so the work that
 * follows them) run and a send waiting for metadata would wait for itself. Otherwise (at start,
 * after a quiet spell, during and after an outage, under a backlog) the caller should send from a
 * thread that may block.
 */
public final class SendGate {
  private static final long FRESH_NANOS = Duration.ofMinutes(1).toNanos();
  private static final String NETWORK_THREAD = "kafka-producer-network-thread";

  private final long bufferBytes;
  private final AtomicLong unacknowledgedBytes = new AtomicLong();
  private final Map<String, Long> lastAcknowledged = new ConcurrentHashMap<>();
  private volatile boolean healthy;

  /**
   * @param bufferBytes the producer's {@code buffer.memory}
   */
  public SendGate(long bufferBytes) {
    this.bufferBytes = bufferBytes;
  }

  /** Whether a record of {@code topic} can be handed to the producer on this thread now. */
  public boolean inline(String topic) {
    Long acknowledged = lastAcknowledged.get(topic);
    return healthy
        && acknowledged != null
        && System.nanoTime() - acknowledged < FRESH_NANOS
        && unacknowledgedBytes.get() < bufferBytes / 4
        && !Thread.currentThread().getName().startsWith(NETWORK_THREAD);
  }

  /** A record of {@code bytes} is being handed to the producer. */
  public void sending(long bytes) {
    unacknowledgedBytes.addAndGet(bytes);
  }

  /** The producer answered for a record of {@code topic}: acknowledged, or failed with error. */
  public void answered(String topic, long bytes, Exception error) {
    unacknowledgedBytes.addAndGet(-bytes);
    healthy = error == null;
    if (error == null) {
      lastAcknowledged.put(topic, System.nanoTime());
    }
  }

  /** The producer refused a record outright (closed, or the record can never be sent). */
  public void refused(long bytes) {
    unacknowledgedBytes.addAndGet(-bytes);
    healthy = false;
  }
}
