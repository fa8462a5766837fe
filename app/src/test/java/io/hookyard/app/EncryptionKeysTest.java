package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionKeysTest {
  private static final String A = SecretBox.newKey();
  private static final String B = SecretBox.newKey();

  @TempDir Path dataDir;

  @Test
  void theConfiguredKeySealsAndPreviousKeysStillOpen() {
    SealedSecret underA = SecretBox.fromBase64(A).seal("whsec_a");

    EncryptionKeys.Loaded loaded = EncryptionKeys.load(dataDir, B, " " + A + " ,", false);

    assertThat(loaded.box().keyId()).isEqualTo(SecretBox.fromBase64(B).keyId());
    assertThat(loaded.box().open(underA)).isEqualTo("whsec_a");
    assertThat(loaded.warning()).isEmpty();
    assertThat(dataDir.resolve(EncryptionKeys.FILE)).doesNotExist();
  }

  @Test
  void aServerInstallKeepingItsKeyInTheDataFolderIsWarnedAboutAndEmbeddedModeIsNot() {
    EncryptionKeys.Loaded server = EncryptionKeys.load(dataDir, "", "", false);
    EncryptionKeys.Loaded embedded = EncryptionKeys.load(dataDir, "", "", true);

    assertThat(server.warning())
        .hasValueSatisfying(w -> assertThat(w).contains(EncryptionKeys.FILE));
    assertThat(embedded.warning()).isEmpty();
    assertThat(embedded.box().keyId()).isEqualTo(server.box().keyId());
  }

  @Test
  void aKeyThatIsNotBase64Of32BytesStopsStartUpWithoutQuotingIt() {
    assertThatThrownBy(() -> EncryptionKeys.load(dataDir, "not-a-key-at-all", "", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not-a-key");
    assertThatThrownBy(() -> EncryptionKeys.load(dataDir, A, "c2hvcnQ=", false))
        .hasMessageContaining("hookyard.encryption-previous-keys");
  }
}
