package io.hookyard.app;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates every declared topic that is missing, at start-up, before any client uses it. */
final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private TopicCreator() {}

  static void createMissing(KafkaConnection kafka) {
    try (Admin admin = Admin.create(kafka.admin())) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing =
          Topics.all().stream()
              .filter(t -> !existing.contains(t.name()))
              .map(TopicCreator::newTopic)
              .toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create Hookyard's topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static NewTopic newTopic(Topic<?, ?> topic) {
    return new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
        .configs(topic.configs());
  }
}
