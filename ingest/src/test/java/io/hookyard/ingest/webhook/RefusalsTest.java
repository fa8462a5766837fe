package io.hookyard.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RefusalsTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Refusals refusals =
      new Refusals(
          registry,
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now.get();
            }
          });

  @Test
  void oneLineASourceAMinuteCarryingTheCountSinceTheLastOne() {
    assertThat(refusals.due("src_a")).isEqualTo(1); // the first one is told at once
    for (int i = 0; i < 500; i++) {
      assertThat(refusals.due("src_a")).isZero();
    }
    assertThat(refusals.due("src_b")).isEqualTo(1); // each source on its own

    now.set(now.get().plus(Duration.ofSeconds(61)));
    assertThat(refusals.due("src_a")).isEqualTo(501);
    assertThat(refusals.due("src_a")).isZero();
  }

  @Test
  void countsEveryRefusalByReason() {
    for (int i = 0; i < 3; i++) {
      refusals.unauthenticated("src_a", "bad_signature");
    }
    refusals.unknownSource();

    assertThat(counted("bad_signature")).isEqualTo(3);
    assertThat(counted("unknown_source")).isEqualTo(1);
  }

  private double counted(String reason) {
    return registry
        .get("hookyard.ingest.webhooks.unauthenticated")
        .tag("reason", reason)
        .counter()
        .count();
  }
}
