package io.hookyard.dispatch.delivery;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An ordered lane's head between tries (its retry's due time, a throttle, an open circuit's
 * permission): the one time {@link OrderedOverflow} may take it away to the backlog, since it is
 * not being sent then. Whichever of the wait's end and the taking gets the lane's lock first wins;
 * a head taken away completes empty, unacknowledged (the backlog acknowledges it once appended).
 */
final class HeadWait {
  private final Object lock;
  private Waiting waiting;

  private static final class Waiting {
    final Sinks.Empty<Void> taken = Sinks.empty();
    boolean gone;
  }

  /**
   * @param lock the lane's lock, which guards this too
   */
  HeadWait(Object lock) {
    this.lock = lock;
  }

  /**
   * Waits {@code wait} at the head: emits true to go on, or completes empty once taken away.
   *
   * @param waiting runs once the head counts as waiting (it may be taken away right then)
   * @param giveBack undoes what {@code wait} took when it ended but the head was taken first
   */
  Mono<Boolean> around(Mono<Void> wait, Runnable waiting, Runnable giveBack) {
    return Mono.defer(
        () -> {
          Waiting w = new Waiting();
          synchronized (lock) {
            this.waiting = w;
          }
          waiting.run();
          return Mono.firstWithSignal(wait.thenReturn(true), w.taken.asMono().thenReturn(false))
              .flatMap(
                  waited -> {
                    synchronized (lock) {
                      if (this.waiting == w) {
                        this.waiting = null;
                      }
                      if (!w.gone) {
                        return Mono.just(true);
                      }
                    }
                    if (waited) {
                      giveBack.run();
                    }
                    return Mono.empty();
                  });
        });
  }

  /**
   * Takes the head away when it waits now: from here on it does not go on, however its wait ends.
   * Its try ends only when the returned end is run, and that end runs straight through on the
   * caller's thread: it frees the lane's slot, and the lane then starts the next delivery it holds.
   * So the caller runs it only once what the lane holds is moved away with the head; run at once,
   * the next delivery started in the head's place, and the head was left out of the move. Caller
   * holds the lane's lock.
   *
   * @return the end of the head's try, or null when the head does not wait now
   */
  Runnable take() {
    Waiting w = waiting;
    if (w == null || w.gone) {
      return null;
    }
    w.gone = true;
    return () -> w.taken.tryEmitEmpty();
  }

  /** Forgets the head (the lane has nothing in flight). Caller holds the lane's lock. */
  void clear() {
    waiting = null;
  }
}
