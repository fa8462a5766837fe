package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.changedFields;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class ZendeskMapperTest {
  private final ZendeskMapper mapper = new ZendeskMapper();

  @Test
  void aNewTicketIsAnEntityCreatedOfKindTicket() {
    EventEnvelope event =
        mapOne(mapper, "zendesk", "zen:event-type:ticket.created", "zendesk-ticket.created.json");
    assertThat(event.type()).isEqualTo("entity.created");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("ticket");
    assertThat(data(event).path("attributes").path("priority").asString()).isEqualTo("URGENT");
  }

  @Test
  void aFieldChangedEventIsAnUpdateOfThatField() {
    EventEnvelope event =
        mapOne(
            mapper,
            "zendesk",
            "zen:event-type:ticket.status_changed",
            "zendesk-ticket.status_changed.json");
    assertThat(event.type()).isEqualTo("entity.updated");
    assertValid(event);
    assertThat(changedFields(event)).containsExactly("status");
  }

  @Test
  void usersAreContactsAndOrganizationsCompanies() {
    EventEnvelope user =
        mapOne(
            mapper,
            "zendesk",
            "zen:event-type:user.active_changed",
            "zendesk-user.active_changed.json");
    EventEnvelope organization =
        mapOne(
            mapper,
            "zendesk",
            "zen:event-type:organization.created",
            "zendesk-organization.created.json");
    assertThat(user.type()).isEqualTo("contact.updated");
    assertThat(organization.type()).isEqualTo("company.created");
    assertValid(user);
    assertValid(organization);
    assertThat(data(user).path("email").asString()).isEqualTo("grace@example.com");
    assertThat(changedFields(user)).containsExactly("active");
    assertThat(data(organization).path("name").asString()).isEqualTo("Acme");
  }
}
