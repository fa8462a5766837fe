package io.hookyard.schemas.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A key ring: the newest key seals, every configured key opens what it sealed. */
class SecretBoxRingTest {
  private static final String A = SecretBox.newKey();
  private static final String B = SecretBox.newKey();

  @Test
  void theNewestKeySealsAndThePreviousOneStillOpens() {
    SealedSecret underA = SecretBox.fromBase64(A).seal("whsec_a");
    SecretBox ring = SecretBox.fromBase64(B, List.of(A));

    assertThat(ring.open(underA)).isEqualTo("whsec_a");
    SealedSecret underB = ring.seal("whsec_b");
    assertThat(underB.keyId()).isEqualTo(SecretBox.fromBase64(B).keyId()).isEqualTo(ring.keyId());
    assertThat(ring.keyIds()).containsExactly(ring.keyId(), underA.keyId());
    assertThat(ring.isCurrent(underA)).isFalse();
    assertThat(ring.isCurrent(underB)).isTrue();
  }

  @Test
  void aResealMovesASecretToTheNewestKeyAndLeavesACurrentOneAlone() {
    SealedSecret underA = SecretBox.fromBase64(A).seal("whsec_a");
    SecretBox ring = SecretBox.fromBase64(B, List.of(A));

    SealedSecret moved = ring.reseal(underA);

    assertThat(ring.reseal(moved)).isSameAs(moved);
    assertThat(SecretBox.fromBase64(B).open(moved)).isEqualTo("whsec_a");
    assertThatThrownBy(() -> SecretBox.fromBase64(B).open(underA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(underA.keyId())
        .hasMessageNotContaining("whsec_a");
  }

  @Test
  void aForgedKeyIdDoesNotOpen() {
    SecretBox ring = SecretBox.fromBase64(B, List.of(A));
    SealedSecret underA = SecretBox.fromBase64(A).seal("whsec_a");
    SealedSecret relabelled = new SealedSecret(ring.keyId(), underA.ciphertext());

    assertThatThrownBy(() -> ring.open(relabelled)).isInstanceOf(IllegalArgumentException.class);
  }
}
