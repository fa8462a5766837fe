package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.kafka.SendGate;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@link DispatchPublisher} on a plain {@link KafkaProducer}: one idempotent producer ({@code
 * acks=all}) for every topic dispatch writes, values serialized by each topic's own serde on the
 * calling thread. A send completes on the producer's acknowledgement callback.
 *
 * <p>A record is handed over on the calling thread only when {@link SendGate} says that cannot
 * block; otherwise {@code send} runs on the bounded elastic scheduler. This replaced
 * reactor-kafka's sender, whose per-record pipeline cost about as much as the send itself.
 */
final class KafkaDispatchPublisher implements DispatchPublisher {
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<String, byte[]> producer;
  private final SendGate gate = new SendGate(BUFFER_BYTES);

  KafkaDispatchPublisher(KafkaConnection kafka) {
    var props = kafka.producer("hookyard-dispatch");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Mono<Void> attempt(Attempt attempt) {
    return send(Topics.ATTEMPTS, attempt.endpointId().value(), attempt);
  }

  @Override
  public Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery) {
    return send(topic, delivery.endpointId().value(), delivery);
  }

  @Override
  public Mono<Void> deadLetter(DeadLetter deadLetter) {
    return send(Topics.DEAD_LETTERS, deadLetter.delivery().endpointId().value(), deadLetter);
  }

  private <V> Mono<Void> send(Topic<String, V> topic, String key, V value) {
    return Mono.defer(
        () -> {
          byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
          Mono<Void> sent = Mono.create(sink -> send(record, sink));
          return gate.inline(topic.name()) ? sent : sent.subscribeOn(Schedulers.boundedElastic());
        });
  }

  private void send(ProducerRecord<String, byte[]> record, MonoSink<Void> sink) {
    long size = record.value().length;
    gate.sending(size);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            gate.answered(record.topic(), size, error);
            if (error != null) {
              sink.error(error);
            } else {
              sink.success();
            }
          });
    } catch (RuntimeException e) {
      // thrown, not called back: the producer is closed, or the record cannot be sent at all
      gate.refused(size);
      sink.error(e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
