package io.hookyard.ingest.inflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RequestBodyTest {
  static final int MIB = 1024 * 1024;

  final InFlight inFlight =
      new InFlight(
          new InFlightSettings(
              10, 10, DataSize.ofMegabytes(8), DataSize.ofMegabytes(2), Duration.ofSeconds(5)));

  @Test
  void anUnreadBodyIsDroppedToItsEndSoTheCloseMeetsNoUnreadBytes() {
    java.util.concurrent.atomic.AtomicInteger read =
        new java.util.concurrent.atomic.AtomicInteger();
    Flux<ByteBuf> body =
        Flux.range(0, 4).map(i -> chunk(1024)).doOnNext(c -> read.incrementAndGet());

    StepVerifier.create(RequestBody.discard(body)).verifyComplete();

    assertThat(read).hasValue(4);
  }

  @Test
  void discardingGivesUpOnABodyThatIsLargeOrSlow() {
    java.util.concurrent.atomic.AtomicInteger read =
        new java.util.concurrent.atomic.AtomicInteger();
    Flux<ByteBuf> huge =
        Flux.range(0, 1_000).map(i -> chunk(8 * 1024)).doOnNext(c -> read.incrementAndGet());
    StepVerifier.create(RequestBody.discard(huge)).verifyComplete();
    assertThat(read.get()).isLessThan(10); // 64 KiB, then the connection is closed as it is

    StepVerifier.withVirtualTime(() -> RequestBody.discard(Flux.never()))
        .expectSubscription()
        .thenAwait(RequestBody.DISCARD_WAIT)
        .verifyComplete();
  }

  @Test
  void aDeclaredMegabyteHoldsOnlyWhatArrived() {
    InFlight.Ticket ticket = claimed();
    RequestBody.Accumulator body = new RequestBody.Accumulator(1_000_000, MIB, ticket);

    body.append(chunk(100));

    assertThat(body.capacity()).isEqualTo(8 * 1024);
    assertThat(inFlight.bytes()).isEqualTo(8 * 1024);
  }

  @Test
  void growsToTheNextPowerOfTwoWithinTheDeclaredLength() {
    RequestBody.Accumulator body = new RequestBody.Accumulator(1_000_000, MIB, claimed());
    for (int i = 0; i < 15; i++) {
      body.append(chunk(8 * 1024)); // 120 KiB in chunks as netty cuts them
    }
    assertThat(body.capacity()).isEqualTo(128 * 1024);
    assertThat(inFlight.bytes()).isEqualTo(128 * 1024);

    RequestBody.Accumulator exact = new RequestBody.Accumulator(300, MIB, claimed());
    exact.append(chunk(300));
    assertThat(exact.capacity()).isEqualTo(300);
    assertThat(exact.bytes()).hasSize(300);
  }

  @Test
  void stopsAtTheLimitAndAtTheSourcesShare() {
    RequestBody.Accumulator limited = new RequestBody.Accumulator(-1, 1000, claimed());
    limited.append(chunk(600));
    assertThatThrownBy(() -> limited.append(chunk(600)))
        .isInstanceOf(DataBufferLimitException.class);

    InFlight.Ticket ticket = claimed();
    ticket.reserve(2 * MIB - 4 * 1024);
    RequestBody.Accumulator shared = new RequestBody.Accumulator(-1, MIB, ticket);
    assertThatThrownBy(() -> shared.append(chunk(10)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIs408() {
    Flux<ByteBuf> stalled = Flux.concat(Flux.just(chunk(10)), Flux.never());

    assertThatThrownBy(
            () ->
                RequestBody.read(stalled, 1_000_000, MIB, claimed(), Duration.ofMillis(50))
                    .block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.REQUEST_TIMEOUT);
              assertThat(e.code()).isEqualTo("request_timeout");
            });
  }

  private InFlight.Ticket claimed() {
    InFlight.Ticket ticket = inFlight.enter();
    ticket.claim("src_" + inFlight.requests());
    return ticket;
  }

  private static ByteBuf chunk(int size) {
    return Unpooled.wrappedBuffer(new byte[size]);
  }
}
