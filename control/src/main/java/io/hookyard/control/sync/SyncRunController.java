package io.hookyard.control.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.id.TenantId;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The run log of one sync, newest first by start time. The cursor names a run; the page continues
 * from that run's {@code (started_at, id)}, so it runs on the index {@code (sync_id, started_at
 * desc, id desc)} however the engine's run ids sort.
 */
@RestController
class SyncRunController {
  private final DatabaseClient db;

  SyncRunController(DatabaseClient db) {
    this.db = db;
  }

  /**
   * @param status {@code running}, {@code succeeded} or {@code failed}
   * @param kind {@code initial}, {@code incremental} or {@code full_resync}
   * @param requests vendor API calls the run made
   * @param error what went wrong, in our words
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SyncRunView(
      String id,
      Instant startedAt,
      Instant finishedAt,
      String status,
      String kind,
      long records,
      long requests,
      String error) {}

  @GetMapping("/api/v1/syncs/{id}/runs")
  Mono<Page<SyncRunView>> list(
      Principal principal,
      @PathVariable String id,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    return db.sql("select 1 from syncs where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(row -> Boolean.TRUE)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("sync", id)))
        .flatMap(found -> query(tenant, id, page).map(SyncRunController::view).all().collectList())
        .map(rows -> Page.of(rows, page, SyncRunView::id));
  }

  private DatabaseClient.GenericExecuteSpec query(TenantId tenant, String sync, PageRequest page) {
    String key = "(started_at, id)";
    String at = "(select started_at, id from sync_runs where id = :cursor and sync_id = :sync)";
    String sql =
        "select * from sync_runs where tenant_id = :tenant and sync_id = :sync"
            + (page.afterId() != null
                ? " and " + key + " < " + at + " order by started_at desc, id desc"
                : page.beforeId() != null
                    ? " and " + key + " > " + at + " order by started_at asc, id asc"
                    : " order by started_at desc, id desc")
            + " limit :n";
    var spec =
        db.sql(sql).bind("tenant", tenant.value()).bind("sync", sync).bind("n", page.fetchSize());
    return page.cursorId() == null ? spec : spec.bind("cursor", page.cursorId());
  }

  private static SyncRunView view(Readable row) {
    return new SyncRunView(
        row.get("id", String.class),
        row.get("started_at", OffsetDateTime.class).toInstant(),
        SyncStore.instant(row.get("finished_at", OffsetDateTime.class)),
        row.get("status", String.class),
        row.get("kind", String.class),
        row.get("records", Long.class),
        row.get("requests", Long.class),
        row.get("error", String.class));
  }
}
