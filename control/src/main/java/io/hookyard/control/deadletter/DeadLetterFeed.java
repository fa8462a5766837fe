package io.hookyard.control.deadletter;

import io.hookyard.schemas.delivery.DeadLetter;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Dead letters from {@code hookyard.deliveries.dead}, in batches. A batch's offsets are committed
 * only when its {@code done()} completes, so a batch the database did not take is read again.
 */
interface DeadLetterFeed {

  Flux<Batch> batches(int maxSize, Duration maxWait);

  /** Dead letters read together, and how to mark them stored. */
  record Batch(List<DeadLetter> deadLetters, Mono<Void> done) {}
}
