package io.hookyard.ingest.publish;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.kafka.GatedProducer;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Trace;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link EventPublisher} on a plain {@link org.apache.kafka.clients.producer.KafkaProducer}
 * (idempotent, {@code acks=all}, the edge producer's timeouts), like the webhook route's: the
 * CloudEvent is serialized on the calling thread and handed over there when {@link
 * GatedProducer#send} says that cannot block, otherwise on the bounded elastic scheduler. This
 * replaced reactor-kafka's sender, whose per-record pipeline cost about as much as the send.
 *
 * <p>The result is passed on from the producer's acknowledgement to the parallel scheduler: what
 * follows (the idempotency record, the answer's JSON) must not run on the producer's one network
 * thread, which completes every other send.
 */
final class KafkaEventPublisher implements EventPublisher {
  private static final String TOPIC = Topics.EVENTS.name();

  private final GatedProducer producer;
  private final Serializer<CloudEvent> serializer = Topics.EVENTS.valueSerde().serializer();

  KafkaEventPublisher(KafkaConnection kafka) {
    this.producer = new GatedProducer(kafka.edgeProducer("hookyard-ingest"));
  }

  @Override
  public Mono<Void> publish(EventEnvelope event) {
    return Mono.deferContextual(
            request -> {
              // binary mode: the CloudEvent's attributes become the record's headers
              Headers headers = new RecordHeaders();
              Trace.from(request).inject(headers); // the request's span, continued by routing
              byte[] value = serializer.serialize(TOPIC, headers, event.toCloudEvent());
              ProducerRecord<String, byte[]> record =
                  new ProducerRecord<>(TOPIC, null, event.key(), value, headers);
              return Mono.fromFuture(
                  () ->
                      producer.send(
                          List.of(record), task -> Schedulers.boundedElastic().schedule(task)));
            })
        .publishOn(Schedulers.parallel());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
