package io.hookyard.control.health;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/endpoints/{id}/health}: the endpoint's run of failures (kept by {@link
 * EndpointHealth}) and its success rate over the last hour of the attempt log. Only attempts that
 * reached the endpoint count. The circuit itself lives in the dispatcher that owns the endpoint;
 * {@code circuit_open} is answered when the log shows what opens it: at least {@code
 * hookyard.dispatch.circuit-failures} failures in a row, the last within {@code
 * hookyard.dispatch.circuit-open-for}.
 */
@RestController
class HealthController {
  private final DatabaseClient db;
  private final int circuitFailures;
  private final Duration circuitOpenFor;

  HealthController(
      DatabaseClient db,
      @Value("${hookyard.dispatch.circuit-failures:5}") int circuitFailures,
      @Value("${hookyard.dispatch.circuit-open-for:5m}") Duration circuitOpenFor) {
    this.db = db;
    this.circuitFailures = circuitFailures;
    this.circuitOpenFor = circuitOpenFor;
  }

  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  record HealthView(
      String status,
      int consecutiveFailures,
      @com.fasterxml.jackson.annotation.JsonProperty("success_rate_1h") Double successRate1h,
      Instant lastSuccessAt,
      String disabledReason) {}

  @GetMapping("/api/v1/endpoints/{id}/health")
  Mono<HealthView> health(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return db.sql(
            "select e.consecutive_failures, e.disabled_reason, (e.config->>'disabled')::boolean"
                + " as disabled,"
                + " (select count(*) from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and a.created_at > now() - interval '1 hour'"
                + "   and (a.succeeded or a.status_code is not null or a.error not in"
                + "   ('endpoint_not_found', 'endpoint_disabled', 'secret_unavailable',"
                + "    'internal_error'))) as total,"
                + " (select count(*) from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and a.created_at > now() - interval '1 hour'"
                + "   and a.succeeded) as ok,"
                + " (select max(created_at) from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and a.succeeded) as last_success,"
                + " (select max(created_at) from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and not a.succeeded) as last_failure"
                + " from endpoints e where e.tenant_id = :tenant and e.id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(
            row -> {
              int failures = row.get("consecutive_failures", Integer.class);
              boolean disabled = Boolean.TRUE.equals(row.get("disabled", Boolean.class));
              long total = row.get("total", Long.class);
              long ok = row.get("ok", Long.class);
              OffsetDateTime last = row.get("last_success", OffsetDateTime.class);
              OffsetDateTime lastFailure = row.get("last_failure", OffsetDateTime.class);
              boolean open =
                  failures >= circuitFailures
                      && lastFailure != null
                      && lastFailure.toInstant().plus(circuitOpenFor).isAfter(Instant.now());
              String status =
                  disabled
                      ? "disabled"
                      : open ? "circuit_open" : failures > 0 ? "failing" : "healthy";
              return new HealthView(
                  status,
                  failures,
                  total == 0 ? null : (double) ok / total,
                  last == null ? null : last.toInstant(),
                  row.get("disabled_reason", String.class));
            })
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)));
  }
}
