package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.kafka.GatedProducer;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link InboundPublisher} on a plain {@link KafkaProducer} (idempotent, {@code acks=all}, the edge
 * producer's timeouts). Records are serialized ({@link InboundRecordJson}) on the calling thread
 * and handed to the producer there; the result completes on the producer's acknowledgement
 * callback, and the caller's answer is written from it (writing a netty response from another
 * thread only queues it on its event loop, so the producer's network thread is not held up).
 *
 * <p>Records go out on the calling thread only when {@link GatedProducer#send} says that cannot
 * block; otherwise {@code send} runs on the bounded elastic scheduler, where blocking is allowed.
 */
final class KafkaInboundPublisher implements InboundPublisher {
  private static final String TOPIC = Topics.INBOUND_RAW.name();

  private final GatedProducer producer;

  KafkaInboundPublisher(KafkaConnection kafka) {
    this.producer = new GatedProducer(kafka.edgeProducer("hookyard-ingest-webhooks"));
  }

  @Override
  public Mono<Void> publish(List<InboundRecord> records) {
    return Mono.deferContextual(
        request -> {
          Trace trace = Trace.from(request); // the request's span, continued downstream
          List<ProducerRecord<String, byte[]>> serialized = new ArrayList<>(records.size());
          for (InboundRecord r : records) {
            serialized.add(
                new ProducerRecord<>(
                    TOPIC,
                    null,
                    r.receivedAt().toEpochMilli(), // the archive's day
                    r.key(),
                    InboundRecordJson.write(r),
                    trace == Trace.NONE ? null : trace.headers()));
          }
          return Mono.fromFuture(
              () -> producer.send(serialized, task -> Schedulers.boundedElastic().schedule(task)));
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
