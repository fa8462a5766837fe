package io.hookyard.control.audit;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/audit}: the calling tenant's configuration changes, newest first — which key
 * ({@code actor}: a key id or {@code operator}), what ({@code action}, {@code target_id}), when.
 */
@RestController
class AuditController {
  private final DatabaseClient db;

  AuditController(DatabaseClient db) {
    this.db = db;
  }

  record AuditEntry(String id, String actor, String action, String targetId, Instant createdAt) {}

  @GetMapping("/api/v1/audit")
  Mono<Page<AuditEntry>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    String tenant = principal.requireTenant().value();
    PageRequest page = PageRequest.of(limit, cursor);
    var spec =
        db.sql(
                "select id, actor, action, target_id, created_at from audit_log"
                    + " where tenant_id = :tenant"
                    + page.keysetSql())
            .bind("tenant", tenant)
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(
            row ->
                new AuditEntry(
                    row.get("id", String.class),
                    row.get("actor", String.class),
                    row.get("action", String.class),
                    row.get("target_id", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .all()
        .collectList()
        .map(rows -> Page.of(rows, page, AuditEntry::id));
  }
}
