package io.hookyard.app;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every declared topic that is missing, at start-up, before any client uses it. {@code
 * hookyard.events} is kept for {@code hookyard.events.retention} (how far back a replay reaches):
 * applied when the topic is created, and set on the existing topic when it differs, so changing the
 * setting and restarting changes the topic (a shorter one lets Kafka delete older events).
 */
final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private TopicCreator() {}

  static void createMissing(KafkaConnection kafka, Duration eventsRetention) {
    Topic<?, ?> events = Topics.EVENTS.withRetention(eventsRetention);
    try (Admin admin = Admin.create(kafka.admin())) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.all().stream()
              .map(t -> t.name().equals(events.name()) ? events : t)
              .filter(t -> !existing.contains(t.name()))
              .map(TopicCreator::newTopic)
              .toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      }
      if (existing.contains(events.name())) {
        keepRetention(admin, events);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create Hookyard's topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Sets the topic's {@code retention.ms} to its declared retention when it differs. */
  private static void keepRetention(Admin admin, Topic<?, ?> topic)
      throws ExecutionException, TimeoutException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
    Map<ConfigResource, Config> described =
        admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS);
    String wanted = Long.toString(topic.retention().toMillis());
    ConfigEntry current = described.get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
    if (current != null && wanted.equals(current.value())) {
      return;
    }
    Map<ConfigResource, Collection<AlterConfigOp>> change =
        Map.of(
            resource,
            List.of(
                new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, wanted),
                    AlterConfigOp.OpType.SET)));
    admin.incrementalAlterConfigs(change).all().get(60, TimeUnit.SECONDS);
    log.info(
        "{} now keeps records for {} (was {} ms)",
        topic.name(),
        topic.retention(),
        current == null ? "unset" : current.value());
  }

  private static NewTopic newTopic(Topic<?, ?> topic) {
    return new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
        .configs(topic.configs());
  }
}
