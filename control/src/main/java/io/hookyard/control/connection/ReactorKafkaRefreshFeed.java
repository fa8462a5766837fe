package io.hookyard.control.connection;

import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;

/** {@link RefreshFeed} on reactor-kafka, consumer group {@code hookyard-control-token-refresh}. */
final class ReactorKafkaRefreshFeed implements RefreshFeed {
  private final KafkaConnection kafka;

  ReactorKafkaRefreshFeed(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  @Override
  public Flux<Item> requests() {
    ReceiverOptions<String, TokenRefreshRequest> options =
        ReceiverOptions.<String, TokenRefreshRequest>create(
                kafka.follower("hookyard-control-token-refresh", "hookyard-control-token-refresh"))
            .withKeyDeserializer(Topics.CONNECTION_REFRESH.keySerde().deserializer())
            .withValueDeserializer(Topics.CONNECTION_REFRESH.valueSerde().deserializer())
            .commitInterval(Duration.ZERO)
            .pollTimeout(KafkaConnection.FOLLOWER_WAIT)
            .subscription(List.of(Topics.CONNECTION_REFRESH.name()));
    return KafkaReceiver.create(options)
        .receive()
        .map(r -> new Item(r.value(), Mono.defer(() -> r.receiverOffset().commit())));
  }
}
