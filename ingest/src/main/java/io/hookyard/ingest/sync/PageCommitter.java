package io.hookyard.ingest.sync;

import io.hookyard.schemas.id.SyncId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The pages runs are waiting to have committed, and their commit: every page waiting at that moment
 * goes out in one transaction, with the group's offsets so that the group generation fences an
 * instance the group has moved on from. Runs hand pages in from any thread; the coordinator's
 * thread commits them ({@link #drain}), woken from its poll when a page arrives.
 */
final class PageCommitter {
  private static final Logger log = LoggerFactory.getLogger(PageCommitter.class);

  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private volatile KafkaConsumer<String, byte[]> consumer;

  private record Pending(
      SyncId sync, List<ProducerRecord<String, byte[]>> records, CompletableFuture<Void> done) {}

  /** The consumer to wake when a page arrives; null while there is none. */
  void attach(KafkaConsumer<String, byte[]> consumer) {
    this.consumer = consumer;
  }

  Mono<Void> commit(SyncId sync, List<ProducerRecord<String, byte[]>> records) {
    return Mono.defer(
            () -> {
              Pending p = new Pending(sync, records, new CompletableFuture<>());
              pending.add(p);
              KafkaConsumer<String, byte[]> c = consumer;
              if (c != null) {
                c.wakeup();
              }
              return Mono.fromFuture(p.done());
            })
        .publishOn(Schedulers.parallel());
  }

  boolean idle() {
    return pending.isEmpty();
  }

  /** Commits every waiting page in one transaction; on the coordinator's thread only. */
  void drain(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> group) {
    List<Pending> batch = new ArrayList<>();
    pending.drainTo(batch);
    if (batch.isEmpty()) {
      return;
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = offsets(group);
      producer.beginTransaction();
      for (Pending p : batch) {
        p.records().forEach(producer::send);
      }
      producer.sendOffsetsToTransaction(offsets, group.groupMetadata());
      producer.commitTransaction();
      batch.forEach(p -> p.done().complete(null));
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // the group is rebalancing: try again after the next poll has finished it; pages of syncs
      // that moved away are failed there, the others commit under the new generation
      abort(producer);
      List<Pending> again = new ArrayList<>(batch);
      pending.drainTo(again);
      pending.addAll(again);
    } catch (KafkaException e) {
      log.warn("sync pages not committed: {}", e.getClass().getSimpleName());
      abort(producer);
      fail(batch, e);
      throw e; // the coordinator starts again with a new producer
    }
  }

  /** Fails the waiting pages of the syncs {@code moved} selects (they went to another instance). */
  void failWhere(Predicate<SyncId> moved, Throwable why) {
    List<Pending> orphaned = new ArrayList<>();
    pending.removeIf(p -> moved.test(p.sync()) && orphaned.add(p));
    fail(orphaned, why);
  }

  void failAll(Throwable why) {
    List<Pending> all = new ArrayList<>();
    pending.drainTo(all);
    fail(all, why);
  }

  /**
   * The group's offsets to commit with the pages: they carry the group generation that fences a
   * zombie. A page handed in may wake the consumer while we ask; then we ask again.
   */
  private static Map<TopicPartition, OffsetAndMetadata> offsets(
      KafkaConsumer<String, byte[]> group) {
    for (int attempt = 0; ; attempt++) {
      try {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : group.assignment()) {
          offsets.put(tp, new OffsetAndMetadata(group.position(tp)));
        }
        return offsets;
      } catch (WakeupException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  private static void abort(KafkaProducer<String, byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException abort) {
      log.warn("aborting the sync transaction failed: {}", abort.getClass().getSimpleName());
    }
  }

  private static void fail(Collection<Pending> batch, Throwable why) {
    batch.forEach(p -> p.done().completeExceptionally(why));
  }
}
