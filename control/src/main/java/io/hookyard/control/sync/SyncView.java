package io.hookyard.control.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.schemas.config.SyncConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A sync as the API shows it.
 *
 * @param status {@code paused} when paused; {@code authorization_required} while its connection
 *     waits for the tenant; otherwise what the engine last reported: {@code scheduled}, {@code
 *     running} or {@code failing}
 * @param records changes reported so far
 * @param errors failed runs so far
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record SyncView(
    String id,
    String connectionId,
    String vendor,
    String entity,
    String interval,
    String fullResync,
    Instant since,
    Map<String, Object> settings,
    String status,
    boolean paused,
    Instant lastRunAt,
    Instant nextRunAt,
    long records,
    long errors,
    String lastError,
    Instant createdAt) {

  static final String SCHEDULED = "scheduled";
  static final String PAUSED = "paused";
  static final String FAILING = "failing";
  static final String AUTHORIZATION_REQUIRED = "authorization_required";

  static SyncView of(SyncStore.Row row) {
    SyncConfig c = row.config();
    String status;
    if (c.paused()) {
      status = PAUSED;
    } else if (AUTHORIZATION_REQUIRED.equals(row.connectionStatus())) {
      status = AUTHORIZATION_REQUIRED;
    } else {
      status = row.engineStatus();
    }
    return new SyncView(
        c.id().value(),
        c.connectionId().value(),
        c.vendor(),
        c.entity(),
        text(c.interval()),
        text(c.fullResync()),
        c.since(),
        c.settings(),
        status,
        c.paused(),
        row.lastRunAt(),
        row.nextRunAt(),
        row.records(),
        row.errors(),
        row.lastError(),
        c.createdAt());
  }

  /** ISO-8601 as people write it: {@code P7D} rather than {@code PT168H}. */
  static String text(Duration duration) {
    if (duration == null) {
      return null;
    }
    if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0) {
      return "P" + duration.toDays() + "D";
    }
    return duration.toString();
  }
}
