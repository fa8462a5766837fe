package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@link InboundPublisher} on a plain {@link KafkaProducer} (idempotent, {@code acks=all}, the edge
 * producer's timeouts). Records are serialized ({@link InboundRecordJson}) on the calling thread
 * and handed to the producer there; the result completes on the producer's acknowledgement
 * callback, and the caller's answer is written from it (writing a netty response from another
 * thread only queues it on its event loop, so the producer's network thread is not held up).
 *
 * <p>{@code send} blocks while the producer has no metadata for the topic or its buffer is full (up
 * to {@code max.block.ms}), and the caller is usually a netty event loop. So records go out on the
 * calling thread only while the producer is known to be healthy: Kafka acknowledged the last send
 * that finished, within the last minute (the producer forgets a topic's metadata after five idle
 * minutes), and the bytes awaiting acknowledgement stay well under the buffer. Otherwise (at start,
 * after a quiet spell, during and after an outage, under a backlog) {@code send} runs on the
 * bounded elastic scheduler, where blocking is allowed.
 */
final class KafkaInboundPublisher implements InboundPublisher {
  private static final String TOPIC = Topics.INBOUND_RAW.name();
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;
  private static final long FRESH_NANOS = Duration.ofMinutes(1).toNanos();

  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong unacknowledgedBytes = new AtomicLong();
  private volatile boolean healthy;
  private volatile long lastAcknowledged = System.nanoTime() - FRESH_NANOS;

  KafkaInboundPublisher(KafkaConnection kafka) {
    var props = kafka.edgeProducer("hookyard-ingest-webhooks");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    this.producer =
        new KafkaProducer<>(
            props, Topics.INBOUND_RAW.keySerde().serializer(), new ByteArraySerializer());
  }

  @Override
  public Mono<Void> publish(List<InboundRecord> records) {
    return Mono.defer(
        () -> {
          List<ProducerRecord<String, byte[]>> serialized = new ArrayList<>(records.size());
          for (InboundRecord r : records) {
            serialized.add(
                new ProducerRecord<>(
                    TOPIC,
                    null,
                    r.receivedAt().toEpochMilli(), // the archive's day
                    r.key(),
                    InboundRecordJson.write(r)));
          }
          Mono<Void> sent = Mono.create(sink -> send(serialized, sink));
          return sendsWithoutBlocking() ? sent : sent.subscribeOn(Schedulers.boundedElastic());
        });
  }

  private boolean sendsWithoutBlocking() {
    return healthy
        && System.nanoTime() - lastAcknowledged < FRESH_NANOS
        && unacknowledgedBytes.get() < BUFFER_BYTES / 4;
  }

  private void send(List<ProducerRecord<String, byte[]>> records, MonoSink<Void> sink) {
    AtomicInteger pending = new AtomicInteger(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      long size = record.value().length;
      unacknowledgedBytes.addAndGet(size);
      try {
        producer.send(
            record,
            (metadata, error) -> {
              unacknowledgedBytes.addAndGet(-size);
              healthy = error == null;
              if (error != null) {
                sink.error(error); // the first error wins; later signals are dropped
                return;
              }
              lastAcknowledged = System.nanoTime();
              if (pending.decrementAndGet() == 0) {
                sink.success();
              }
            });
      } catch (RuntimeException e) {
        // thrown, not called back: the producer is closed, or the record cannot be sent at all
        unacknowledgedBytes.addAndGet(-size);
        healthy = false;
        sink.error(e);
        return;
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
