package io.hookyard.ingest.inflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class InFlightTest {

  final InFlight inFlight =
      new InFlight(
          new InFlightSettings(
              3, 2, DataSize.ofKilobytes(64), DataSize.ofKilobytes(32), Duration.ofSeconds(5)));

  @Test
  void refusesASourcePastItsShareWith429AndTheInstancePastItsTotalWith503() {
    InFlight.Ticket first = inFlight.enter();
    first.claim("src_a");
    InFlight.Ticket second = inFlight.enter();
    second.claim("src_a");
    InFlight.Ticket third = inFlight.enter();

    assertThat(status(() -> third.claim("src_a"))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    third.claim("src_b");
    assertThat(status(inFlight::enter)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

    first.close();
    first.close(); // once only
    assertThat(inFlight.requests()).isEqualTo(2);
    InFlight.Ticket fourth = inFlight.enter();
    fourth.claim("src_a");
  }

  @Test
  void boundsBufferedBytesPerSourceAndInTotalAndGivesThemBack() {
    InFlight.Ticket a = inFlight.enter();
    a.claim("src_a");
    a.reserve(32 * 1024);
    assertThat(status(() -> a.reserve(1))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

    InFlight.Ticket b = inFlight.enter();
    b.claim("src_b");
    b.reserve(32 * 1024);
    InFlight.Ticket c = inFlight.enter();
    c.claim("src_c");
    assertThat(status(() -> c.reserve(1))).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(inFlight.bytes()).isEqualTo(64 * 1024);

    a.close();
    b.close();
    c.close();
    assertThat(inFlight.bytes()).isZero();
    assertThat(inFlight.requests()).isZero();
    InFlight.Ticket again = inFlight.enter();
    again.claim("src_a");
    again.reserve(32 * 1024); // the source's share is whole again
  }

  @Test
  void aRefusalCarriesRetryAfterInTheEnvelope() {
    InFlight.Ticket a = inFlight.enter();
    a.claim("src_a");
    a.reserve(32 * 1024);

    assertThatThrownBy(() -> a.reserve(1))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_requests");
              assertThat(e.details()).containsEntry("retry_after_seconds", 5L);
            });
  }

  private static HttpStatus status(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e.status();
    }
    return HttpStatus.OK;
  }
}
