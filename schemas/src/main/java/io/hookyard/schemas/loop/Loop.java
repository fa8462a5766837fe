package io.hookyard.schemas.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One long-lived loop of a role (a consumer, a sink, a relay) as health sees it, and the one way
 * such loops restart.
 *
 * <p>{@link #supervise} runs a loop for good: when it fails, or ends by itself, the loop is DOWN
 * with the reason and is subscribed again after an exponential backoff with jitter ({@code
 * firstBackoff} doubling up to {@code maxBackoff}); the backoff starts over once a restarted loop
 * has worked. A loop resumes from wherever its own state says (a consumer group's last commit, the
 * config view's positions), so a restart skips nothing.
 *
 * <p>A loop is healthy until it fails, so start-up is not held back while it warms up; once it
 * failed it stays DOWN until the restarted loop proves itself: it emits, calls {@link #working()},
 * or runs for {@code settle} without failing.
 */
public final class Loop {
  private static final Logger log = LoggerFactory.getLogger(Loop.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration SETTLE = Duration.ofSeconds(5);

  public enum Status {
    STARTING,
    UP,
    DOWN,
    STOPPED
  }

  /**
   * Where a loop stands.
   *
   * @param reason the last failure ({@link FailureReason}), null while it never failed
   * @param since when it got into this status
   * @param restarts how often it failed and was started again
   */
  public record State(Status status, String reason, Instant since, long restarts) {
    public State {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(since, "since");
    }

    public boolean healthy() {
      return status != Status.DOWN;
    }
  }

  private final String name;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration settle;
  private final Clock clock;
  private final AtomicReference<State> state;
  private volatile boolean stopped;

  /** A loop restarted after 1 s, doubling up to 1 min. */
  public Loop(String name) {
    this(name, FIRST_BACKOFF, MAX_BACKOFF);
  }

  public Loop(String name, Duration firstBackoff, Duration maxBackoff) {
    this(name, firstBackoff, maxBackoff, SETTLE, Clock.systemUTC());
  }

  /**
   * @param name how health names it, {@code camelCase}
   * @param settle how long a restarted loop runs without failing before it counts as UP
   */
  public Loop(
      String name, Duration firstBackoff, Duration maxBackoff, Duration settle, Clock clock) {
    if (!name.matches("[a-z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("a loop's name is camelCase: " + name);
    }
    if (firstBackoff.isNegative()
        || firstBackoff.isZero()
        || maxBackoff.compareTo(firstBackoff) < 0
        || settle.isNegative()
        || settle.isZero()) {
      throw new IllegalArgumentException("backoff and settle must be positive: " + name);
    }
    this.name = name;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.settle = settle;
    this.clock = clock;
    this.state = new AtomicReference<>(new State(Status.STARTING, null, clock.instant(), 0));
  }

  public String name() {
    return name;
  }

  public State state() {
    return state.get();
  }

  /**
   * Runs {@code body} until this loop is {@linkplain #stop() stopped}: every failure, and an end
   * before then, marks it DOWN and subscribes to {@code body} again after the backoff. Emits what
   * {@code body} emits; errors only once stopped.
   */
  public <T> Flux<T> supervise(Flux<T> body) {
    Retry retry =
        Retry.backoff(Long.MAX_VALUE, firstBackoff)
            .maxBackoff(maxBackoff)
            .transientErrors(true)
            .filter(e -> !stopped)
            .doBeforeRetry(signal -> failed(signal.failure()));
    return Flux.defer(() -> once(body))
        .doOnNext(element -> working())
        .retryWhen(retry)
        .handle((element, sink) -> element.ifPresent(sink::next));
  }

  /** One run: the body's elements, and an empty marker once it ran {@code settle} unharmed. */
  private <T> Flux<Optional<T>> once(Flux<T> body) {
    Flux<Optional<T>> work =
        body.map(Optional::of)
            .concatWith(Mono.defer(() -> stopped ? Mono.empty() : Mono.error(new LoopEnded(name))));
    return work.mergeWith(Mono.delay(settle).map(tick -> Optional.<T>empty()));
  }

  /** The loop did its work (a poll answered, a batch stored): UP, if it was not already. */
  public void working() {
    if (state.get().status() == Status.UP || stopped) {
      return;
    }
    State before =
        state.getAndUpdate(
            s ->
                s.status() == Status.UP || s.status() == Status.STOPPED
                    ? s
                    : new State(Status.UP, s.reason(), clock.instant(), s.restarts()));
    if (before.status() == Status.DOWN) {
      log.info("{} is working again after {} restart(s)", name, before.restarts());
    }
  }

  /** The loop failed with {@code failure} and will be started again: DOWN until it works. */
  void failed(Throwable failure) {
    String reason = FailureReason.of(failure);
    State now =
        state.updateAndGet(s -> new State(Status.DOWN, reason, clock.instant(), s.restarts() + 1));
    log.warn("{} failed ({}); restart {} follows after a backoff", name, reason, now.restarts());
  }

  /** It is being shut down: no more restarts, and not DOWN. */
  public void stop() {
    stopped = true;
    state.updateAndGet(s -> new State(Status.STOPPED, s.reason(), clock.instant(), s.restarts()));
  }

  /**
   * A blocking loop body as a flux for {@link #supervise}: runs {@code body} on {@code thread} and
   * completes when it returns, or fails with what it threw. Disposing does not interrupt it; the
   * body must return by its own means (a consumer's {@code wakeup()}).
   */
  public static Flux<Void> blocking(Runnable body, ExecutorService thread) {
    return Mono.fromFuture(() -> CompletableFuture.runAsync(body, thread), true).flux();
  }

  /** A daemon thread of its own for a blocking loop body. */
  public static ExecutorService thread(String threadName) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, threadName);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** A loop must run until stopped; one that ends by itself is restarted like a failed one. */
  static final class LoopEnded extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LoopEnded(String name) {
      super(name + " ended by itself");
    }
  }
}
