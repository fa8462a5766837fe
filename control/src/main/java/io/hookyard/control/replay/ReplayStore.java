package io.hookyard.control.replay;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Replays in PostgreSQL. A running replay is owned by one instance at a time through a lease in its
 * row: every step its owner takes renews it, and a step whose update finds the row owned by another
 * (the lease ran out) stops that owner.
 */
final class ReplayStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";

  private final DatabaseClient db;

  ReplayStore(DatabaseClient db) {
    this.db = db;
  }

  /** A replay as stored. {@code found} and {@code positions} are null until its range is fixed. */
  record Job(
      String id,
      TenantId tenant,
      EndpointId endpoint,
      String kind,
      Instant since,
      Instant until,
      List<String> eventTypes,
      String status,
      Long found,
      long sent,
      Positions positions,
      Long configSeq,
      Instant seamAt,
      String error,
      Instant createdAt,
      Instant finishedAt) {}

  Mono<Void> insert(Job job) {
    var spec =
        db.sql(
                "insert into replays (id, tenant_id, endpoint_id, kind, since, until, event_types,"
                    + " status, found, positions, config_seq, created_at) values (:id, :tenant,"
                    + " :endpoint, :kind, :since, :until, :types, :status, :found, :positions,"
                    + " :seq, :created)")
            .bind("id", job.id())
            .bind("tenant", job.tenant().value())
            .bind("endpoint", job.endpoint().value())
            .bind("kind", job.kind())
            .bind("since", time(job.since()))
            .bind("status", job.status())
            .bind("created", time(job.createdAt()));
    spec =
        job.until() == null
            ? spec.bindNull("until", OffsetDateTime.class)
            : spec.bind("until", time(job.until()));
    spec =
        job.eventTypes() == null
            ? spec.bindNull("types", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("types", json(job.eventTypes()));
    spec =
        job.found() == null ? spec.bindNull("found", Long.class) : spec.bind("found", job.found());
    spec =
        job.positions() == null
            ? spec.bindNull("positions", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("positions", json(job.positions()));
    spec =
        job.configSeq() == null
            ? spec.bindNull("seq", Long.class)
            : spec.bind("seq", job.configSeq());
    return spec.then();
  }

  Mono<Job> find(TenantId tenant, String id) {
    return db.sql("select * from replays where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(ReplayStore::job)
        .one();
  }

  /**
   * Takes a running replay nobody holds a lease on (none started yet, its owner stopped, or died
   * and its lease ran out), other than those in {@code mine}; empty when there is none.
   */
  Mono<Job> claim(String owner, Duration lease, Set<String> mine) {
    return db.sql(
            "update replays set owner = :owner, lease_until = now() + :ms * interval '1 millisecond'"
                + " where id = (select id from replays where status = 'running'"
                + " and (lease_until is null or lease_until < now()) and not (id = any(:mine))"
                + " order by id limit 1 for update skip locked) returning *")
        .bind("owner", owner)
        .bind("ms", lease.toMillis())
        .bind("mine", mine.toArray(String[]::new))
        .map(ReplayStore::job)
        .one();
  }

  /** Keeps the lease; false when another instance took the replay over. */
  Mono<Boolean> renew(String id, String owner, Duration lease) {
    return update(
        "lease_until = now() + :ms * interval '1 millisecond'", id, owner, lease, spec -> spec);
  }

  /** The range of a backfill, fixed at its seam: where it reads and how many events it found. */
  Mono<Boolean> fix(String id, String owner, Duration lease, Positions positions, long found) {
    return update(
        "positions = :positions, found = :found,"
            + " lease_until = now() + :ms * interval '1 millisecond'",
        id,
        owner,
        lease,
        spec -> spec.bind("positions", json(positions)).bind("found", found));
  }

  /** When a backfill takes the end of its range: {@code after} from now. */
  Mono<Instant> seam(String id, String owner, Duration after) {
    return db.sql(
            "update replays set seam_at = now() + :ms * interval '1 millisecond'"
                + " where id = :id and owner = :owner and status = 'running' returning seam_at")
        .bind("ms", after.toMillis())
        .bind("id", id)
        .bind("owner", owner)
        .map(row -> row.get("seam_at", OffsetDateTime.class).toInstant())
        .one();
  }

  /** One batch sent: the new positions, {@code n} more sent. */
  Mono<Boolean> progress(String id, String owner, Duration lease, Positions positions, int n) {
    return update(
        "positions = :positions, sent = sent + :n, error = null,"
            + " lease_until = now() + :ms * interval '1 millisecond'",
        id,
        owner,
        lease,
        spec -> spec.bind("positions", json(positions)).bind("n", n));
  }

  /** A step failed for a reason that may pass: kept running, tried again after {@code backoff}. */
  Mono<Boolean> backOff(String id, String owner, Duration backoff, String error) {
    return update(
        "error = :error, lease_until = now() + :ms * interval '1 millisecond'",
        id,
        owner,
        backoff,
        spec -> spec.bind("error", error));
  }

  Mono<Boolean> finish(String id, String owner, String status, String error) {
    var spec =
        db.sql(
                "update replays set status = :status, error = :error, finished_at = now(),"
                    + " lease_until = null where id = :id and owner = :owner"
                    + " and status = 'running'")
            .bind("status", status)
            .bind("id", id)
            .bind("owner", owner);
    spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
    return spec.fetch().rowsUpdated().map(n -> n > 0);
  }

  /** Gives up this instance's leases at shutdown, so a restart resumes its replays at once. */
  Mono<Void> release(String owner) {
    return db.sql(
            "update replays set lease_until = null where owner = :owner and status = 'running'")
        .bind("owner", owner)
        .then();
  }

  /** Whether the outbox row {@code seq} reached {@code hookyard.config} (the relay deletes it). */
  Mono<Boolean> relayed(long seq) {
    return db.sql("select count(*) as n from config_outbox where seq = :seq")
        .bind("seq", seq)
        .map(row -> row.get("n", Long.class) == 0)
        .one();
  }

  /** The endpoint as stored now (its current subscription), or empty once it is deleted. */
  Mono<EndpointConfig> endpoint(TenantId tenant, EndpointId id) {
    return db.sql("select config from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id.value())
        .map(
            row ->
                Json.read(text(row, "config").getBytes(StandardCharsets.UTF_8), ConfigRecord.class))
        .one()
        .ofType(EndpointConfig.class);
  }

  private Mono<Boolean> update(
      String set,
      String id,
      String owner,
      Duration lease,
      java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {
    return binds
        .apply(
            db.sql(
                    "update replays set "
                        + set
                        + " where id = :id and owner = :owner and status = 'running'")
                .bind("id", id)
                .bind("owner", owner)
                .bind("ms", lease.toMillis()))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  private static Job job(Readable row) {
    String types = text(row, "event_types");
    String positions = text(row, "positions");
    return new Job(
        row.get("id", String.class),
        new TenantId(row.get("tenant_id", String.class)),
        new EndpointId(row.get("endpoint_id", String.class)),
        row.get("kind", String.class),
        instant(row, "since"),
        instant(row, "until"),
        types == null ? null : Json.mapper().readValue(types, STRINGS),
        row.get("status", String.class),
        row.get("found", Long.class),
        row.get("sent", Long.class),
        positions == null
            ? null
            : Json.read(positions.getBytes(StandardCharsets.UTF_8), Positions.class),
        row.get("config_seq", Long.class),
        instant(row, "seam_at"),
        row.get("error", String.class),
        instant(row, "created_at"),
        instant(row, "finished_at"));
  }

  private static String text(Readable row, String column) {
    io.r2dbc.postgresql.codec.Json json = row.get(column, io.r2dbc.postgresql.codec.Json.class);
    return json == null ? null : json.asString();
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime at = row.get(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  private static OffsetDateTime time(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static io.r2dbc.postgresql.codec.Json json(Object value) {
    return io.r2dbc.postgresql.codec.Json.of(Json.writeString(value));
  }
}
