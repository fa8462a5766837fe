package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.OrderedHead;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link OrderedHeads} on the compacted topic: written through the dispatch producer, read whole
 * with a plain consumer (assigned, no group) on the bounded elastic scheduler. The topic holds
 * about one record per failing ordered endpoint, so reading it whole is cheap.
 */
final class KafkaOrderedHeads implements DispatchPublisher.OrderedHeads {
  private static final Logger log = LoggerFactory.getLogger(KafkaOrderedHeads.class);

  private final KafkaConnection kafka;
  private final DispatchPublisher publisher;

  KafkaOrderedHeads(KafkaConnection kafka, DispatchPublisher publisher) {
    this.kafka = kafka;
    this.publisher = publisher;
  }

  @Override
  public Mono<Map<EndpointId, OrderedHead>> load() {
    return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public Mono<Void> put(EndpointId endpoint, OrderedHead head) {
    return Mono.defer(
        () -> {
          String topic = Topics.ORDERED_HEADS.name();
          byte[] value =
              head == null
                  ? null
                  : Topics.ORDERED_HEADS.valueSerde().serializer().serialize(topic, head);
          return publisher.raw(new ProducerRecord<>(topic, endpoint.value(), value));
        });
  }

  private Map<EndpointId, OrderedHead> read() {
    Map<String, Object> props = kafka.admin();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookyard-dispatch-ordered-heads");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      // an unreadable head starts from its delivery's own count, as before this topic existed
      return EndpointTable.read(
          reader,
          Topics.ORDERED_HEADS.name(),
          Topics.ORDERED_HEADS.valueSerde().deserializer(),
          log);
    }
  }
}
