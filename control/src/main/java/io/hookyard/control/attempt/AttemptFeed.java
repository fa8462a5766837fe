package io.hookyard.control.attempt;

import io.hookyard.schemas.delivery.Attempt;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Attempt records from {@code hookyard.attempts}, in batches. A batch's offsets are committed only
 * when its {@code done()} completes, so a batch the database did not take is read again.
 */
interface AttemptFeed {

  Flux<Batch> batches(int maxSize, Duration maxWait);

  /** Attempts read together, and how to mark them stored. */
  record Batch(List<Attempt> attempts, Mono<Void> done) {}
}
