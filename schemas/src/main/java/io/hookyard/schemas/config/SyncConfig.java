package io.hookyard.schemas.config;

import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change-tracking poll of one vendor entity over one connection, as the ingest role runs it.
 *
 * @param interval how long after a run ends the next one starts
 * @param fullResync how often the sync lists everything to find changes and deletions the vendor's
 *     change feed missed
 * @param since report records changed since then as an initial load; null: only changes made after
 *     {@code createdAt}
 * @param runRequested a {@code POST /syncs/{id}/run} asked for a run at this time (null: none); the
 *     engine runs once for each new value
 */
public record SyncConfig(
    SyncId id,
    TenantId tenantId,
    ConnectionId connectionId,
    String vendor,
    String entity,
    Duration interval,
    Duration fullResync,
    Instant since,
    Map<String, Object> settings,
    boolean paused,
    Instant createdAt,
    Instant runRequested)
    implements ConfigRecord {

  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  public static final Duration MIN_FULL_RESYNC = Duration.ofSeconds(30);

  public SyncConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(createdAt, "createdAt");
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("interval must be at least " + MIN_INTERVAL);
    }
    if (fullResync != null && fullResync.compareTo(MIN_FULL_RESYNC) < 0) {
      throw new IllegalArgumentException("fullResync must be at least " + MIN_FULL_RESYNC);
    }
    settings =
        settings == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  @Override
  public String entityId() {
    return id.value();
  }

  /**
   * The source id this sync's changes carry on {@code hookyard.inbound.raw}: derived from the sync
   * id, so dedup keys, the raw archive and the tenant's field mapping ({@code PUT
   * /api/v1/syncs/{id}/mapping}, a {@link SourceMappingConfig} under this id) are per sync.
   */
  public static SourceId sourceIdOf(SyncId sync) {
    return new SourceId(Ids.derived(SourceId.PREFIX, sync.value()));
  }
}
