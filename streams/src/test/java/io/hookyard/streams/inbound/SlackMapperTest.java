package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class SlackMapperTest {
  private final SlackMapper mapper = new SlackMapper();

  @Test
  void aTeamJoinWithAnEmailIsAUserJoined() {
    EventEnvelope event = mapOne(mapper, "slack", "team_join", "slack-team_join.json");
    assertThat(event.type()).isEqualTo("user.joined");
    assertValid(event);
    assertThat(data(event).path("email").asString()).isEqualTo("spengler@ghostbusters.example.com");
    assertThat(data(event).path("name").asString()).isEqualTo("Egon Spengler");
  }

  @Test
  void aMentionKeepsItsPayloadAsAVendorEvent() {
    EventEnvelope event = mapOne(mapper, "slack", "app_mention", "slack-app_mention.json");
    assertThat(event.type()).isEqualTo("vendor.slack.app_mention");
    assertThat(data(event).path("event_id").asString()).isEqualTo("Ev123ABC456");
  }
}
