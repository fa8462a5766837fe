package io.hookyard.app.support;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.topic.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts a sync's configuration on {@code hookyard.config} as control's outbox does, for engine tests
 * that need to set what the API does not let a tenant set (a run request at a given time).
 */
public final class SyncConfigs {
  private SyncConfigs() {}

  public static void publish(String bootstrap, SyncConfig sync) {
    try (KafkaProducer<String, ConfigRecord> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            Topics.CONFIG.keySerde().serializer(),
            Topics.CONFIG.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.CONFIG.name(), sync.key(), sync)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
