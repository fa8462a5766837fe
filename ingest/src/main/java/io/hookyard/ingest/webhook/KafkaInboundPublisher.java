package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.kafka.SendGate;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Records go out on the calling thread only when {@link SendGate} says that cannot block;
 * otherwise {@code send} runs on the bounded elastic scheduler, where blocking is allowed.
 */
final class KafkaInboundPublisher implements InboundPublisher {
  private static final String TOPIC = Topics.INBOUND_RAW.name();
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;

  private final KafkaProducer<String, byte[]> producer;
  private final SendGate gate = new SendGate(BUFFER_BYTES);

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
          return gate.inline(TOPIC) ? sent : sent.subscribeOn(Schedulers.boundedElastic());
        });
  }

  private void send(List<ProducerRecord<String, byte[]>> records, MonoSink<Void> sink) {
    AtomicInteger pending = new AtomicInteger(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      long size = record.value().length;
      gate.sending(size);
      try {
        producer.send(
            record,
            (metadata, error) -> {
              gate.answered(TOPIC, size, error);
              if (error != null) {
                sink.error(error); // the first error wins; later signals are dropped
                return;
              }
              if (pending.decrementAndGet() == 0) {
                sink.success();
              }
            });
      } catch (RuntimeException e) {
        // thrown, not called back: the producer is closed, or the record cannot be sent at all
        gate.refused(size);
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
