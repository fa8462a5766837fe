package io.hookyard.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SendGateTest {
  private final SendGate gate = new SendGate(4_000);

  @Test
  void sendsInlineOnlyToATopicKafkaHasAcknowledged() {
    assertThat(gate.inline("a")).as("nothing acknowledged yet").isFalse();

    gate.sending(10);
    gate.answered("a", 10, null);

    assertThat(gate.inline("a")).isTrue();
    assertThat(gate.inline("b")).as("no metadata known for b yet").isFalse();
  }

  @Test
  void aFailureOrARefusalStopsInlineSendsUntilAnAcknowledgement() {
    gate.sending(10);
    gate.answered("a", 10, null);

    gate.sending(10);
    gate.answered("a", 10, new IllegalStateException("broker down"));
    assertThat(gate.inline("a")).isFalse();

    gate.sending(10);
    gate.answered("a", 10, null);
    assertThat(gate.inline("a")).isTrue();

    gate.sending(10);
    gate.refused(10);
    assertThat(gate.inline("a")).isFalse();
  }

  @Test
  void aBacklogOfAQuarterOfTheBufferStopsInlineSends() {
    gate.sending(10);
    gate.answered("a", 10, null);

    gate.sending(1_000);
    assertThat(gate.inline("a")).isFalse();

    gate.answered("a", 1_000, null);
    assertThat(gate.inline("a")).isTrue();
  }

  @Test
  void neverOnTheProducersOwnNetworkThread() throws InterruptedException {
    gate.sending(10);
    gate.answered("a", 10, null);
    AtomicBoolean inline = new AtomicBoolean(true);
    Thread network =
        new Thread(() -> inline.set(gate.inline("a")), "kafka-producer-network-thread | x");
    network.start();
    network.join();

    assertThat(inline).isFalse();
    assertThat(gate.inline("a")).isTrue();
  }
}
