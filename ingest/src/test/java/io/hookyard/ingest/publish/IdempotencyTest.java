package io.hookyard.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class IdempotencyTest {
  private static final TenantId TENANT = new TenantId("ten_01jd0000000000000000000000");
  private static final TenantId OTHER = new TenantId("ten_01jd0000000000000000000001");

  /** The claims as the table keeps them, with a clock the test moves. */
  private static final class Keys implements IdempotencyKeys {
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, Instant> claimedAt = new HashMap<>();
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");

    @Override
    public Mono<Claim> claim(TenantId tenant, String key, String fingerprint, EventId eventId) {
      String id = tenant.value() + "/" + key;
      Instant at = claimedAt.get(id);
      if (at == null || at.isBefore(now.minus(Duration.ofHours(24)))) {
        claims.put(id, new Claim(fingerprint, eventId));
        claimedAt.put(id, now);
      }
      return Mono.just(claims.get(id));
    }
  }

  private final Keys keys = new Keys();
  private final Idempotency idempotency = new Idempotency(keys);

  @Test
  void withoutAKeyTheEventKeepsItsFreshId() {
    EventEnvelope event = event(TENANT, "1");
    assertThat(claim(TENANT, null, event)).isSameAs(event);
  }

  @Test
  void theSameKeyAnswersTheSameIdWhileItsClaimHolds() {
    EventId first = claim(TENANT, "order-1", event(TENANT, "1")).id();
    keys.now = keys.now.plus(Duration.ofHours(23));
    EventId retried = claim(TENANT, "order-1", event(TENANT, "1")).id();

    assertThat(retried).isEqualTo(first);
    assertThat(claim(OTHER, "order-1", event(OTHER, "1")).id())
        .as("keys are per tenant")
        .isNotEqualTo(first);
    assertThatThrownBy(() -> claim(TENANT, "order-1", event(TENANT, "2")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("idempotency_key_reused");
              assertThat(e.getMessage()).startsWith("order-1-field");
            });
  }

  @Test
  void aKeyClaimedAgainAfterItsHoursStandsForANewEventWithANewId() {
    EventEnvelope original = event(TENANT, "1");
    EventId first = claim(TENANT, "order-1", original).id();
    assertThat(first).as("a new key stands for the event's own id").isEqualTo(original.id());
    keys.now = keys.now.plus(Duration.ofHours(25));

    EventId renewed = claim(TENANT, "order-1", event(TENANT, "2")).id();
    EventId sameBodyLater = claim(TENANT, "order-1", event(TENANT, "2")).id();

    assertThat(renewed).isNotEqualTo(first);
    assertThat(sameBodyLater).isEqualTo(renewed);
  }

  @Test
  void withoutADatabaseTheIdComesFromTheKeyAlone() {
    Idempotency unchecked = new Idempotency(IdempotencyKeys.unchecked());
    EventId first = unchecked.claim(TENANT, "order-1", "f", event(TENANT, "1")).block().id();
    EventId second = unchecked.claim(TENANT, "order-1", "f", event(TENANT, "1")).block().id();
    assertThat(second).isEqualTo(first);
    assertThat(unchecked.claim(TENANT, "order-2", "f", event(TENANT, "1")).block().id())
        .isNotEqualTo(first);
  }

  private EventEnvelope claim(TenantId tenant, String key, EventEnvelope event) {
    return idempotency.claim(tenant, key, key + "-field", event).block();
  }

  private static EventEnvelope event(TenantId tenant, String amount) {
    return new EventEnvelope(
        EventId.next(),
        tenant,
        "invoice.paid",
        "inv_1",
        Instant.parse("2026-11-30T12:00:00Z"),
        ("{\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8));
  }
}
