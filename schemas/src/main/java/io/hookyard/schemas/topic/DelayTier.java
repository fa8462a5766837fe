package io.hookyard.schemas.topic;

import io.hookyard.schemas.delivery.Delivery;
import java.time.Duration;
import java.util.Objects;

/**
 * One rung of the retry ladder: a topic whose records all wait the same {@code delay}, so the topic
 * is FIFO in due order and its consumer only ever waits for the head.
 *
 * @param name dot- and lower-case-safe label used in the topic name, for example {@code 10s}
 */
public record DelayTier(String name, Duration delay, Topic<String, Delivery> topic) {
  public DelayTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(topic, "topic");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("a delay tier waits a positive time: " + name);
    }
  }
}
