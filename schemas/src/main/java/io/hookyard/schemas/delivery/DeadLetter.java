package io.hookyard.schemas.delivery;

import io.hookyard.schemas.id.Ids;
import java.time.Instant;
import java.util.Objects;

/**
 * A delivery that ran out of tries, on {@code hookyard.deliveries.dead} keyed by endpoint id.
 * Control keeps these for inspection and replay; replaying sends {@link Delivery#replayed()} back
 * through the normal path, so the {@code webhook-id} stays the same and subscribers can still
 * deduplicate.
 *
 * @param id {@code dlq_…}
 * @param delivery the last try, as it was sent
 * @param lastStatusCode the endpoint's status on that try, or null when no answer came
 * @param lastError the short reason of that try ({@code http_500}, {@code timeout}, …)
 */
public record DeadLetter(
    String id, Delivery delivery, Integer lastStatusCode, String lastError, Instant deadAt) {

  public static final String PREFIX = "dlq";

  public DeadLetter {
    Ids.require(PREFIX, id);
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadAt, "deadAt");
  }

  /** The dead letter of {@code delivery} after its last {@code attempt}. */
  public static DeadLetter of(Delivery delivery, Attempt attempt) {
    return new DeadLetter(
        Ids.next(PREFIX), delivery, attempt.statusCode(), attempt.error(), attempt.createdAt());
  }
}
