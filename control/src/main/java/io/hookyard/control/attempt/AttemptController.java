package io.hookyard.control.attempt;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attempt log of one endpoint, newest first unless sorted otherwise, with the filters of {@link
 * AttemptQuery} and {@code ?fields=} to answer with fewer fields.
 */
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
      Instant nextAttemptAt,
      String vendorObjectId) {}

  @GetMapping("/api/v1/endpoints/{id}/attempts")
  Mono<Page<?>> list(
      Principal principal,
      @PathVariable String id,
      @RequestParam(required = false) String status,
      @RequestParam(name = "event_type", required = false) String eventType,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String fields,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    AttemptQuery query = AttemptQuery.of(status, eventType, since, until, sort, limit, cursor);
    List<String> selected = AttemptQuery.fields(fields);
    return db.sql("select 1 from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(row -> Boolean.TRUE)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)))
        .flatMap(
            found -> query.bind(db, tenant, id).map(AttemptController::view).all().collectList())
        .map(rows -> Page.of(rows, query.page(), AttemptView::id))
        .map(page -> selected == null ? page : select(page, selected));
  }

  /** {@code ?fields=}: each attempt with only the named fields. */
  private static Page<JsonNode> select(Page<AttemptView> page, List<String> fields) {
    List<JsonNode> data =
        page.data().stream()
            .map(
                view -> {
                  JsonNode all = Json.mapper().valueToTree(view);
                  ObjectNode picked = Json.mapper().createObjectNode();
                  fields.forEach(f -> picked.set(f, all.get(f)));
                  return (JsonNode) picked;
                })
            .toList();
    return new Page<>(data, page.nextCursor(), page.previousCursor());
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
        instant(row.get("next_attempt_at", OffsetDateTime.class)),
        row.get("vendor_object_id", String.class));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
