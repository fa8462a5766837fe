package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.changedFields;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class GitHubMapperTest {
  private final GitHubMapper mapper = new GitHubMapper();

  @Test
  void anEditedIssueIsAnEntityUpdatedNamingWhatGitHubSaysChanged() {
    EventEnvelope event = mapOne(mapper, "github", "issues", "github-issues.edited.json");
    assertThat(event.type()).isEqualTo("entity.updated");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("issue");
    assertThat(data(event).path("attributes").path("number").asString()).isEqualTo("1347");
    assertThat(changedFields(event)).containsExactly("title", "body");
  }

  @Test
  void aClosedPullRequestChangesItsState() {
    EventEnvelope event =
        mapOne(mapper, "github", "pull_request", "github-pull_request.closed.json");
    assertThat(event.type()).isEqualTo("entity.updated");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("pull_request");
    assertThat(changedFields(event)).containsExactly("state");
  }

  @Test
  void aPushKeepsItsPayloadAsAVendorEvent() {
    EventEnvelope event = mapOne(mapper, "github", "push", "github-push.json");
    assertThat(event.type()).isEqualTo("vendor.github.push");
    assertThat(data(event).path("ref").asString()).isEqualTo("refs/heads/main");
  }
}
