package io.hookyard.control.sync;

import io.hookyard.schemas.sync.SyncRun;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Run records from {@code hookyard.syncs.runs}, in batches, in partition order (key sync id, so one
 * sync's records arrive in the order the engine wrote them). A batch's offsets are committed only
 * when its {@code done()} completes, so a batch the database did not take is read again.
 */
interface SyncRunFeed {

  Flux<Batch> batches(int maxSize, Duration maxWait);

  /** Runs read together, and how to mark them stored. */
  record Batch(List<SyncRun> runs, Mono<Void> done) {}
}
