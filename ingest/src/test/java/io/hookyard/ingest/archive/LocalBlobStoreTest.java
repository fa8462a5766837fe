package io.hookyard.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path root;

  @Test
  void storesReplacesAndReadsBlobsUnderTheirKey() {
    LocalBlobStore store = new LocalBlobStore(root);
    String key = "ten_1/src_2/2026-11-22/msg_3.json";

    store.put(key, bytes("first")).block(WAIT);
    store.put(key, bytes("second")).block(WAIT);

    assertThat(store.get(key).block(WAIT)).isEqualTo(bytes("second"));
    assertThat(Files.exists(root.resolve(key))).isTrue();
    assertThat(store.get("ten_1/missing").blockOptional(WAIT)).isEmpty();
  }

  @Test
  void keysCannotLeaveTheFolder() {
    LocalBlobStore store = new LocalBlobStore(root);
    assertThatThrownBy(() -> store.put("../outside", bytes("x")).block(WAIT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get("/etc/passwd").block(WAIT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.exists(root.getParent().resolve("outside"))).isFalse();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
