package io.hookyard.schemas.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where Kafka is and the client settings every role shares. Producers are idempotent with {@code
 * acks=all}: nothing is acknowledged to a caller before every in-sync replica has it.
 */
public record KafkaConnection(String bootstrapServers) {
  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
  }

  public Map<String, Object> admin() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  public Map<String, Object> producer(String clientId) {
    Map<String, Object> props = admin();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return props;
  }

  /**
   * A producer for records someone is waiting on (an HTTP request at the edge): it gives up within
   * about 10 s, so the caller gets a 503 to retry on rather than its own timeout, and a record that
   * failed is not sent later behind the caller's back.
   */
  public Map<String, Object> edgeProducer(String clientId) {
    Map<String, Object> props = producer(clientId);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    return props;
  }

  public Map<String, Object> consumer(String groupId, String clientId) {
    Map<String, Object> props = admin();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }
}
