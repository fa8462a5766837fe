package io.hookyard.app;

import io.hookyard.schemas.crypto.SecretBox;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The key ring that seals secrets at rest. {@code hookyard.encryption-key} seals (and opens);
 * {@code hookyard.encryption-previous-keys}, comma-separated, only open what they sealed, until a
 * reseal ({@code POST /api/v1/admin/encryption/reseal}) moved everything to the sealing key and
 * they can go. Without a key in the settings one is generated once into the data folder: fine for
 * embedded mode on a laptop, but a server install then keeps the key next to the data it protects,
 * which start-up warns about.
 */
final class EncryptionKeys {
  static final String FILE = "encryption.key";

  private EncryptionKeys() {}

  /**
   * @param warning what start-up should warn about, if anything (never a key)
   */
  record Loaded(SecretBox box, Optional<String> warning) {}

  static Loaded load(Path dataDir, String key, String previousKeys, boolean embedded) {
    List<String> previous =
        Arrays.stream(previousKeys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    if (!key.isBlank()) {
      return new Loaded(box(key, previous), Optional.empty());
    }
    Path file = dataDir.resolve(FILE);
    SecretBox box = box(KeyFile.readOrCreate(file, SecretBox::newKey), previous);
    Optional<String> warning =
        embedded
            ? Optional.empty()
            : Optional.of(
                "the encryption key is kept in "
                    + file
                    + ", next to the data it protects: set hookyard.encryption-key"
                    + " (HOOKYARD_ENCRYPTION_KEY) from a secret store instead (README, Security)");
    return new Loaded(box, warning);
  }

  private static SecretBox box(String key, List<String> previous) {
    try {
      return SecretBox.fromBase64(key, previous);
    } catch (IllegalArgumentException e) {
      // the decoder's message may quote part of the key
      throw new IllegalArgumentException(
          "hookyard.encryption-key and hookyard.encryption-previous-keys must each be base64 of"
              + " 32 random bytes (openssl rand -base64 32)");
    }
  }
}
