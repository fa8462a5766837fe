package io.hookyard.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's retention over the local blob store; file ages are set, not waited for. */
class ArchiveRetentionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path root;

  @Test
  void deletesPayloadsOlderThanTheAgeInBatchesAndKeepsTheRest() throws IOException {
    LocalBlobStore store = new LocalBlobStore(root);
    for (int i = 0; i < 5; i++) {
      write(store, "ten_1/src_1/2026-10-01/in_old" + i + ".json", Duration.ofDays(60));
    }
    write(store, "ten_1/src_1/2026-11-29/in_new.json", Duration.ofDays(1));
    write(store, "ten_2/src_9/2026-11-01/in_edge.body", Duration.ofDays(29));

    ArchiveRetention retention =
        new ArchiveRetention(
            store,
            new ArchiveRetentionSettings(Duration.ofDays(30), Duration.ofMinutes(1), 2),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(retention.purge().block(WAIT)).isEqualTo(5L);
    assertThat(store.get("ten_1/src_1/2026-11-29/in_new.json").block(WAIT)).isNotNull();
    assertThat(store.get("ten_2/src_9/2026-11-01/in_edge.body").block(WAIT)).isNotNull();
    assertThat(store.get("ten_1/src_1/2026-10-01/in_old0.json").blockOptional(WAIT)).isEmpty();
    assertThat(retention.purge().block(WAIT)).isZero();
  }

  @Test
  void localDeletesGoInBatchesOfTheGivenSize() throws IOException {
    LocalBlobStore store = new LocalBlobStore(root);
    for (int i = 0; i < 5; i++) {
      write(store, "ten_1/src_1/2026-10-01/in_" + i + ".json", Duration.ofDays(60));
    }
    assertThat(store.deleteOlderThan(NOW, 2).collectList().block(WAIT)).containsExactly(2, 2, 1);
  }

  @Test
  void settingsRefuseNonsense() {
    assertThatThrownBy(() -> new ArchiveRetentionSettings(Duration.ZERO, null, 0))
        .hasMessageContaining("hookyard.retention.archive");
    assertThatThrownBy(() -> new ArchiveRetentionSettings(null, null, -1))
        .hasMessageContaining("batch-size");
    ArchiveRetentionSettings defaults = new ArchiveRetentionSettings(null, null, 0);
    assertThat(defaults.archive()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.batchSize()).isEqualTo(1000);
  }

  private void write(LocalBlobStore store, String key, Duration age) throws IOException {
    store.put(key, key.getBytes(StandardCharsets.UTF_8)).block(WAIT);
    Files.setLastModifiedTime(root.resolve(key), FileTime.from(NOW.minus(age)));
  }
}
