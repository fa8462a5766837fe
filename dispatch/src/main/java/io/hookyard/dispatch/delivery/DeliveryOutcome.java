package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.destination.Destinations;
import io.hookyard.dispatch.sending.SendOutcome;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of one try of a delivery, each case recorded as one {@link Attempt}. What happens
 * next (done, retried, dead-lettered, dropped) is {@link Settlement}'s call.
 */
sealed interface DeliveryOutcome {
  String ENDPOINT_NOT_FOUND = "endpoint_not_found";
  String ENDPOINT_DISABLED = "endpoint_disabled";
  String SECRET_UNAVAILABLE = "secret_unavailable";
  String INTERNAL_ERROR = "internal_error";

  Attempt toAttempt(Delivery delivery, Instant at);

  /** The endpoint's {@code Retry-After}, when it answered with one. */
  default java.time.Duration retryAfter() {
    return null;
  }

  /** How the endpoint's circuit counts this try. */
  enum Circuit {
    SUCCESS,
    FAILURE,
    /** Neither: nothing was sent, or the answer says nothing about the endpoint's health. */
    NONE
  }

  Circuit circuit();

  /** A vendor destination's try (see {@link Destinations}). */
  record Called(Destinations.Outcome result) implements DeliveryOutcome {
    public Called {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public Circuit circuit() {
      return switch (result.kind()) {
        case DONE -> Circuit.SUCCESS;
        case FAILED -> result.called() ? Circuit.FAILURE : Circuit.NONE;
        case REFUSED, HELD -> Circuit.NONE;
      };
    }

    /** Whether this try is held back as the same try (throttled, waiting for authorization). */
    boolean held() {
      return result.kind() == Destinations.Kind.HELD;
    }

    boolean refused() {
      return result.kind() == Destinations.Kind.REFUSED;
    }

    @Override
    public Attempt toAttempt(Delivery delivery, Instant at) {
      Destinations.Outcome r = result;
      return Attempt.of(
              delivery,
              r.kind() == Destinations.Kind.DONE,
              r.status(),
              r.elapsedMs(),
              r.answer(),
              r.error(),
              at)
          .withVendorObjectId(r.objectId());
    }
  }

  /** A request was attempted; {@code result} says how the endpoint answered, if at all. */
  record Sent(SendOutcome result) implements DeliveryOutcome {
    public Sent {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public java.time.Duration retryAfter() {
      return result instanceof SendOutcome.Rejected r ? r.retryAfter() : null;
    }

    @Override
    public Circuit circuit() {
      return result instanceof SendOutcome.Delivered ? Circuit.SUCCESS : Circuit.FAILURE;
    }

    @Override
    public Attempt toAttempt(Delivery delivery, Instant at) {
      long ms = result.elapsed().toMillis();
      if (result instanceof SendOutcome.Delivered d) {
        return Attempt.of(delivery, true, d.status(), ms, d.responseBody(), null, at);
      }
      if (result instanceof SendOutcome.Rejected r) {
        return Attempt.of(delivery, false, r.status(), ms, r.responseBody(), r.error(), at);
      }
      SendOutcome.Unreachable u = (SendOutcome.Unreachable) result;
      return Attempt.of(delivery, false, null, ms, null, u.error(), at);
    }
  }

  /**
   * No request was made: the endpoint is gone or disabled, its secret does not open, or handling
   * failed unexpectedly.
   */
  record NotSent(String error) implements DeliveryOutcome {
    public NotSent {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public Circuit circuit() {
      return Circuit.NONE;
    }

    @Override
    public Attempt toAttempt(Delivery delivery, Instant at) {
      return Attempt.of(delivery, false, null, 0, null, error, at);
    }
  }
}
