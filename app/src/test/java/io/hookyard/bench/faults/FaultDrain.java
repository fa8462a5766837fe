package io.hookyard.bench.faults;

import java.time.Duration;
import java.util.Set;

/**
 * Waits until every accepted event of a scenario reached the receiver, or the drain time ran out.
 */
final class FaultDrain {
  private final FaultReceiver receiver;
  private final Duration max;
  private double lastSeconds;

  FaultDrain(FaultReceiver receiver, Duration max) {
    this.receiver = receiver;
    this.max = max;
  }

  /** Answers the seconds it waited. */
  double await(Set<String> accepted) throws InterruptedException {
    return await(accepted, max);
  }

  /** Waits at most {@code most}; answers the seconds it waited. */
  double await(Set<String> accepted, Duration most) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + most.toNanos();
    while (receiver.delivered(accepted) < accepted.size() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    lastSeconds = (System.nanoTime() - t0) / 1e9;
    return lastSeconds;
  }

  /** What the last {@link #await} took. */
  double lastSeconds() {
    return lastSeconds;
  }
}
