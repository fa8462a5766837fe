package io.hookyard.schemas.kafka;

import java.time.Duration;
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

  /**
   * How long a {@linkplain #follower following consumer}'s fetch waits at the broker while there is
   * nothing new, and how long reactor-kafka's poll of one waits. The broker answers a waiting fetch
   * as soon as a record (or a transaction's commit marker) arrives, and reactor-kafka wakes a poll
   * at once when more is requested, so neither adds latency; they only set how often an idle
   * consumer asks. At the client defaults (0.5 s fetch, 0.1 s poll) the ten following consumers of
   * an idle instance sent 20 fetches a second and woke their threads 100 times a second
   * (docs/benchmarks.md, idle).
   */
  public static final Duration FOLLOWER_WAIT = Duration.ofSeconds(2);

  /**
   * A consumer that follows its topics for the life of the process: {@link #consumer} with fetches
   * that wait {@link #FOLLOWER_WAIT} at the broker. Not for readers that poll until an end offset
   * and stop, whose last poll would wait that long for nothing.
   */
  public Map<String, Object> follower(String groupId, String clientId) {
    Map<String, Object> props = consumer(groupId, clientId);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FOLLOWER_WAIT.toMillis());
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
