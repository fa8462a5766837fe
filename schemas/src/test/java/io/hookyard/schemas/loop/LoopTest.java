package io.hookyard.schemas.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.loop.Loop.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class LoopTest {
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final Loop loop = new Loop("sink", FIRST, MAX, SETTLE, Clock.systemUTC());

  /** Each subscription takes the next script: what that run of the loop does. */
  private static Flux<String> scripted(Deque<Supplier<Flux<String>>> runs, AtomicInteger count) {
    return Flux.defer(
        () -> {
          count.incrementAndGet();
          Supplier<Flux<String>> next = runs.poll();
          return next == null ? Flux.never() : next.get();
        });
  }

  @Test
  void aLoopIsHealthyWhileStartingSoStartUpIsNotHeldBack() {
    assertThat(loop.state().status()).isEqualTo(Status.STARTING);
    assertThat(loop.state().healthy()).isTrue();
  }

  @Test
  void aFailedLoopIsDownWithTheReasonThenRestartedAfterTheBackoffAndUpOnceItWorks() {
    AtomicInteger runs = new AtomicInteger();
    Deque<Supplier<Flux<String>>> script = new ArrayDeque<>();
    script.add(() -> Flux.error(new IllegalStateException("relation \"attempts\" does not exist")));
    script.add(() -> Flux.just("stored").concatWith(Flux.never()));

    StepVerifier.withVirtualTime(() -> loop.supervise(scripted(script, runs)))
        .expectSubscription()
        .then(
            () -> {
              assertThat(runs).hasValue(1);
              assertThat(loop.state().status()).isEqualTo(Status.DOWN);
              assertThat(loop.state().healthy()).isFalse();
              assertThat(loop.state().reason())
                  .isEqualTo("IllegalStateException: relation … does not exist");
              assertThat(loop.state().restarts()).isEqualTo(1);
            })
        .expectNoEvent(FIRST.minusMillis(1))
        .then(() -> assertThat(runs).as("not before the backoff").hasValue(1))
        .thenAwait(FIRST.dividedBy(2).plusMillis(1))
        .expectNext("stored")
        .then(
            () -> {
              assertThat(runs).hasValue(2);
              assertThat(loop.state().status()).isEqualTo(Status.UP);
              assertThat(loop.state().restarts()).isEqualTo(1);
            })
        .thenCancel()
        .verify();
  }

  @Test
  void aRestartedLoopStaysDownUntilItRanTheSettleTimeWithoutFailing() {
    AtomicInteger runs = new AtomicInteger();
    Deque<Supplier<Flux<String>>> script = new ArrayDeque<>();
    script.add(() -> Flux.error(new RuntimeException("broker away")));
    // the second run emits nothing, and does not fail

    StepVerifier.withVirtualTime(() -> loop.supervise(scripted(script, runs)))
        .expectSubscription()
        .thenAwait(FIRST.multipliedBy(2))
        .then(
            () -> {
              assertThat(runs).hasValue(2);
              assertThat(loop.state().status()).as("restarted, not proven").isEqualTo(Status.DOWN);
            })
        .thenAwait(SETTLE)
        .then(() -> assertThat(loop.state().status()).isEqualTo(Status.UP))
        .thenCancel()
        .verify();
  }

  @Test
  void theBackoffDoublesUpToTheMaximumAndStartsOverOnceTheLoopWorked() {
    AtomicInteger runs = new AtomicInteger();
    List<Long> startedAt = new ArrayList<>();
    Deque<Supplier<Flux<String>>> script = new ArrayDeque<>();
    for (int i = 0; i < 8; i++) {
      script.add(() -> Flux.error(new RuntimeException("down")));
    }
    script.add(
        () ->
            Flux.just("ok")
                .concatWith(
                    Mono.delay(Duration.ofSeconds(1))
                        .then(Mono.error(new RuntimeException("again")))));

    StepVerifier.withVirtualTime(
            () ->
                loop.supervise(
                    scripted(script, runs)
                        .doOnSubscribe(
                            s -> startedAt.add(Schedulers.parallel().now(TimeUnit.MILLISECONDS)))))
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(5))
        .expectNext("ok")
        .thenAwait(Duration.ofSeconds(5))
        .thenCancel()
        .verify();

    assertThat(runs).hasValue(10);
    assertThat(loop.state().restarts()).isEqualTo(9);
    assertThat(loop.state().status()).as("the tenth run settled").isEqualTo(Status.UP);
    // the n-th wait is first * 2^n with ±50 % jitter, within [first, max]
    long[][] bounds = {
      {1000, 1500},
      {1000, 3000},
      {2000, 6000},
      {4000, 12000},
      {8000, 24000},
      {15000, 30000},
      {15000, 30000},
      {15000, 30000},
      {2000, 2500} // it worked for 1 s, so the backoff started over
    };
    for (int i = 0; i < bounds.length; i++) {
      assertThat(startedAt.get(i + 1) - startedAt.get(i))
          .as("wait %d", i + 1)
          .isBetween(bounds[i][0], bounds[i][1]);
    }
  }

  @Test
  void aLoopThatEndsByItselfIsDownAndRestarted() {
    AtomicInteger runs = new AtomicInteger();
    Deque<Supplier<Flux<String>>> script = new ArrayDeque<>();
    script.add(Flux::empty);

    StepVerifier.withVirtualTime(() -> loop.supervise(scripted(script, runs)))
        .expectSubscription()
        .then(
            () -> {
              assertThat(loop.state().status()).isEqualTo(Status.DOWN);
              assertThat(loop.state().reason()).isEqualTo("LoopEnded: sink ended by itself");
            })
        .thenAwait(FIRST.multipliedBy(2))
        .then(() -> assertThat(runs).hasValue(2))
        .thenCancel()
        .verify();
  }

  @Test
  void aStoppedLoopIsNotRestartedNorDown() {
    AtomicInteger runs = new AtomicInteger();
    Deque<Supplier<Flux<String>>> script = new ArrayDeque<>();
    script.add(() -> Flux.<String>never().takeUntilOther(Mono.delay(Duration.ofSeconds(1))));

    StepVerifier.withVirtualTime(() -> loop.supervise(scripted(script, runs)))
        .expectSubscription()
        .then(loop::stop)
        .thenAwait(SETTLE.plus(MAX))
        .expectComplete()
        .verify();
    assertThat(runs).hasValue(1);
    assertThat(loop.state().status()).isEqualTo(Status.STOPPED);
    assertThat(loop.state().healthy()).isTrue();
  }

  @Test
  void aBlockingBodyRunsOnItsOwnThreadAndItsFailureRestartsIt() throws InterruptedException {
    ExecutorService thread = Loop.thread("hookyard-test-loop");
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch worked = new CountDownLatch(1);
    Loop quick = new Loop("blocking", Duration.ofMillis(10), Duration.ofMillis(20));
    try {
      StepVerifier.create(
              quick.supervise(
                  Loop.blocking(
                          () -> {
                            assertThat(Thread.currentThread().getName())
                                .isEqualTo("hookyard-test-loop");
                            if (runs.incrementAndGet() < 3) {
                              throw new IllegalStateException("poll failed");
                            }
                            quick.working();
                            worked.countDown();
                          },
                          thread)
                      .concatWith(Flux.never())))
          .expectSubscription()
          .then(() -> await(worked))
          .thenCancel()
          .verify(Duration.ofSeconds(10));
      assertThat(quick.state().status()).isEqualTo(Status.UP);
      assertThat(quick.state().reason()).isEqualTo("IllegalStateException: poll failed");
      assertThat(quick.state().restarts()).isEqualTo(2);
    } finally {
      thread.shutdown();
      assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void namesAreCamelCase() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Loop("outbox-relay"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
