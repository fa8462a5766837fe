package io.hookyard.control.attempt;

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

/** The attempt log of one endpoint, newest first. */
@RestController
class AttemptController {
  private final DatabaseClient db;

  AttemptController(DatabaseClient db) {
    this.db = db;
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record AttemptView(
      String id,
      String webhookId,
      String eventId,
      String eventType,
      int attempt,
      String status,
      Integer statusCode,
      long responseTimeMs,
      String responseBody,
      String error,
      Instant createdAt,
      Instant nextAttemptAt) {}

  @GetMapping("/api/v1/endpoints/{id}/attempts")
  Mono<Page<AttemptView>> list(
      Principal principal,
      @PathVariable String id,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    if (status != null && !status.equals("succeeded") && !status.equals("failed")) {
      throw ApiException.badRequest("invalid_status", "status is succeeded or failed");
    }
    return db.sql("select 1 from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(row -> Boolean.TRUE)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)))
        .flatMap(found -> query(tenant, id, status, page).collectList())
        .map(rows -> Page.of(rows, page, AttemptView::id));
  }

  private reactor.core.publisher.Flux<AttemptView> query(
      TenantId tenant, String endpoint, String status, PageRequest page) {
    StringBuilder sql =
        new StringBuilder(
            "select * from attempts where tenant_id = :tenant and endpoint_id = :endpoint");
    if (status != null) {
      sql.append(" and succeeded = :ok");
    }
    String cursor = page.afterId() != null ? page.afterId() : page.beforeId();
    if (page.afterId() != null) {
      sql.append(" and id < :cursor order by id desc");
    } else if (page.beforeId() != null) {
      sql.append(" and id > :cursor order by id asc");
    } else {
      sql.append(" order by id desc");
    }
    sql.append(" limit :n");
    var spec =
        db.sql(sql.toString())
            .bind("tenant", tenant.value())
            .bind("endpoint", endpoint)
            .bind("n", page.limit() + 1);
    if (status != null) {
      spec = spec.bind("ok", status.equals("succeeded"));
    }
    if (cursor != null) {
      spec = spec.bind("cursor", cursor);
    }
    return spec.map(AttemptController::view).all();
  }

  private static AttemptView view(Readable row) {
    Boolean ok = row.get("succeeded", Boolean.class);
    return new AttemptView(
        row.get("id", String.class),
        row.get("webhook_id", String.class),
        row.get("event_id", String.class),
        row.get("event_type", String.class),
        row.get("attempt", Integer.class),
        Boolean.TRUE.equals(ok) ? "succeeded" : "failed",
        row.get("status_code", Integer.class),
        row.get("response_time_ms", Long.class),
        row.get("response_body", String.class),
        row.get("error", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        instant(row.get("next_attempt_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
