package io.hookyard.ingest.sync;

import io.hookyard.schemas.id.SyncId;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

/**
 * Writes what one page of a run produced — its inbound records, record versions, the sync's new
 * position and its run record — in one Kafka transaction, fenced by the consumer group that gave
 * this instance the sync: an instance that lost the sync cannot commit for it any more.
 */
interface PageCommits {
  Mono<Void> commit(SyncId sync, List<ProducerRecord<String, byte[]>> records);

  /**
   * The partition of {@code hookyard.syncs.records} (and of the positions) a sync's entries go to.
   */
  int partitionOf(SyncId sync);
}
