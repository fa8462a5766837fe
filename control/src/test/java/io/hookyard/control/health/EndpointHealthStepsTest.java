package io.hookyard.control.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointHealthStepsTest {
  private final TenantId tenant = TenantId.next();
  private final EndpointId a = EndpointId.next();
  private final EndpointId b = EndpointId.next();

  @Test
  void aRunOfSuccessesCountsOnceButEveryFailureAndTheSuccessAfterItCount() {
    Attempt ok1 = attempt(a, true, null);
    Attempt ok2 = attempt(a, true, null);
    Attempt fail = attempt(a, false, "http_500");
    Attempt ok3 = attempt(a, true, null);
    Attempt ok4 = attempt(a, true, null);

    assertThat(EndpointHealth.steps(List.of(ok1, ok2, fail, ok3, ok4)))
        .containsExactly(ok1, fail, ok3);
  }

  @Test
  void endpointsAreJudgedApart() {
    Attempt okA = attempt(a, true, null);
    Attempt okB = attempt(b, true, null);
    Attempt okA2 = attempt(a, true, null);
    Attempt failB = attempt(b, false, "timeout");

    assertThat(EndpointHealth.steps(List.of(okA, okB, okA2, failB)))
        .containsExactly(okA, okB, failB);
  }

  @Test
  void attemptsThatNeverReachedTheEndpointSayNothing() {
    Attempt ok = attempt(a, true, null);
    Attempt notFound = attempt(a, false, "endpoint_not_found");
    Attempt ok2 = attempt(a, true, null);

    assertThat(EndpointHealth.steps(List.of(ok, notFound, ok2))).containsExactly(ok);
  }

  private Attempt attempt(EndpointId endpoint, boolean succeeded, String error) {
    EventId event = EventId.next();
    Delivery delivery =
        new Delivery(
            MessageId.of(event, endpoint),
            event,
            "invoice.paid",
            tenant,
            endpoint,
            Instant.now(),
            1,
            "{}");
    return Attempt.of(delivery, succeeded, succeeded ? 200 : null, 5, null, error, Instant.now());
  }
}
