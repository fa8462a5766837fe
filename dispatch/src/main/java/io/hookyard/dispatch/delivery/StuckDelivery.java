package io.hookyard.dispatch.delivery;

import io.hookyard.schemas.delivery.Delivery;
import java.time.Duration;

/**
 * An unordered delivery still in hand after {@code stuck-after}: it ends the dispatcher's run, so
 * the next run reads it again from the last commit. Names the delivery and its last step, never its
 * body.
 */
final class StuckDelivery extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StuckDelivery(Delivery delivery, Duration after, String stage) {
    super(
        "delivery "
            + delivery.messageId().value()
            + " (attempt "
            + delivery.attempt()
            + ") to endpoint "
            + delivery.endpointId().value()
            + " still in hand after "
            + after
            + ", last at: "
            + stage,
        null,
        false,
        false);
  }
}
