package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.changedFields;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JiraMapperTest {
  private final JiraMapper mapper = new JiraMapper();

  @Test
  void anIssueUpdateIsAnEntityUpdatedWithTheChangelogsFields() {
    EventEnvelope event = mapOne(mapper, "jira", "jira:issue_updated", "jira-issue_updated.json");
    assertThat(event.type()).isEqualTo("entity.updated");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("kind").asString()).isEqualTo("issue");
    assertThat(data.path("attributes").path("key").asString()).isEqualTo("HY-42");
    assertThat(data.path("attributes").path("status").asString()).isEqualTo("In Progress");
    assertThat(changedFields(event)).containsExactly("status");
  }

  @Test
  void aCommentKeepsItsPayloadAsAVendorEvent() {
    EventEnvelope event = mapOne(mapper, "jira", "comment_created", "jira-comment_created.json");
    assertThat(event.type()).isEqualTo("vendor.jira.comment_created");
    assertThat(data(event).path("comment").path("id").asString()).isEqualTo("10050");
  }
}
