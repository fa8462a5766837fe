package io.hookyard.control.health;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/integration-health} (operator): every tenant's integrations on one page, each
 * tenant with what needs a person: endpoints failing or with an open circuit or disabled by
 * Hookyard, dead letters not yet replayed, connections that failed or need authorization again,
 * syncs failing. Endpoints use the same rules as {@link HealthController}. Four queries per page of
 * tenants, each over the page's tenant ids only.
 */
@RestController
class IntegrationHealthController {
  private final DatabaseClient db;
  private final int circuitFailures;
  private final Duration circuitOpenFor;

  IntegrationHealthController(
      DatabaseClient db,
      @Value("${hookyard.dispatch.circuit-failures:5}") int circuitFailures,
      @Value("${hookyard.dispatch.circuit-open-for:5m}") Duration circuitOpenFor) {
    this.db = db;
    this.circuitFailures = circuitFailures;
    this.circuitOpenFor = circuitOpenFor;
  }

  /**
   * One thing that needs attention.
   *
   * @param kind {@code endpoint}, {@code connection} or {@code sync}
   * @param status the thing's status: {@code failing}, {@code circuit_open}, {@code disabled},
   *     {@code failed}, {@code authorization_required}
   * @param detail the endpoint's URL, the connection's vendor or the sync's entity
   */
  record Problem(
      String kind, String id, String status, String detail, String lastError, Integer failures) {}

  /**
   * @param status {@code healthy} when nothing needs attention, else {@code attention}
   */
  record TenantHealth(
      String tenantId,
      String name,
      String status,
      long endpoints,
      long deadLetters,
      List<Problem> problems) {}

  @GetMapping("/api/v1/integration-health")
  Mono<Page<TenantHealth>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    principal.requireOperator();
    PageRequest page = PageRequest.of(limit, cursor);
    var query =
        db.sql(
                "select t.id, t.name,"
                    + " (select count(*) from endpoints e where e.tenant_id = t.id) as endpoints,"
                    + " (select count(*) from dead_letters d where d.tenant_id = t.id"
                    + "   and d.replayed_at is null) as dead_letters"
                    + " from tenants t where true"
                    + page.keysetSql())
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      query = query.bind("cursor", page.cursorId());
    }
    return query
        .map(
            row ->
                new TenantHealth(
                    row.get("id", String.class),
                    row.get("name", String.class),
                    "healthy",
                    row.get("endpoints", Long.class),
                    row.get("dead_letters", Long.class),
                    List.of()))
        .all()
        .collectList()
        .flatMap(this::withProblems)
        .map(rows -> Page.of(rows, page, TenantHealth::tenantId));
  }

  private Mono<List<TenantHealth>> withProblems(List<TenantHealth> tenants) {
    if (tenants.isEmpty()) {
      return Mono.just(tenants);
    }
    String[] ids = tenants.stream().map(TenantHealth::tenantId).toArray(String[]::new);
    return Flux.concat(endpoints(ids), connections(ids), syncs(ids))
        .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            byTenant -> {
              List<TenantHealth> out = new ArrayList<>();
              for (TenantHealth t : tenants) {
                List<Problem> problems =
                    new ArrayList<>(byTenant.getOrDefault(t.tenantId(), List.of()));
                boolean attention = !problems.isEmpty() || t.deadLetters() > 0;
                out.add(
                    new TenantHealth(
                        t.tenantId(),
                        t.name(),
                        attention ? "attention" : "healthy",
                        t.endpoints(),
                        t.deadLetters(),
                        problems));
              }
              return out;
            });
  }

  private Flux<Map.Entry<String, Problem>> endpoints(String[] tenants) {
    return db.sql(
            "select e.tenant_id, e.id, e.config->>'url' as url, e.consecutive_failures,"
                + " e.disabled_reason, (e.config->>'disabled')::boolean as disabled,"
                + " (select max(a.created_at) from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and not a.succeeded) as last_failure,"
                + " (select a.error from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and not a.succeeded"
                + "   order by a.id desc limit 1) as last_error,"
                + " (select a.status_code from attempts a where a.tenant_id = e.tenant_id"
                + "   and a.endpoint_id = e.id and not a.succeeded"
                + "   order by a.id desc limit 1) as last_status"
                + " from endpoints e where e.tenant_id = any(:tenants)"
                + " and (e.consecutive_failures > 0 or e.disabled_reason is not null)"
                + " order by e.tenant_id, e.id")
        .bind("tenants", tenants)
        .map(
            row -> {
              int failures = row.get("consecutive_failures", Integer.class);
              boolean disabled = Boolean.TRUE.equals(row.get("disabled", Boolean.class));
              OffsetDateTime lastFailure = row.get("last_failure", OffsetDateTime.class);
              boolean open =
                  failures >= circuitFailures
                      && lastFailure != null
                      && lastFailure.toInstant().plus(circuitOpenFor).isAfter(Instant.now());
              String status = disabled ? "disabled" : open ? "circuit_open" : "failing";
              Integer code = row.get("last_status", Integer.class);
              String error = row.get("last_error", String.class);
              String last = code != null ? "HTTP " + code : error;
              if (disabled && row.get("disabled_reason", String.class) != null) {
                last = "disabled: " + row.get("disabled_reason", String.class);
              }
              return entry(
                  row.get("tenant_id", String.class),
                  new Problem(
                      "endpoint",
                      row.get("id", String.class),
                      status,
                      row.get("url", String.class),
                      last,
                      failures));
            })
        .all();
  }

  private Flux<Map.Entry<String, Problem>> connections(String[] tenants) {
    return db.sql(
            "select tenant_id, id, vendor, status, last_error from connections"
                + " where tenant_id = any(:tenants)"
                + " and status in ('failed', 'authorization_required') order by tenant_id, id")
        .bind("tenants", tenants)
        .map(
            row ->
                entry(
                    row.get("tenant_id", String.class),
                    new Problem(
                        "connection",
                        row.get("id", String.class),
                        row.get("status", String.class),
                        row.get("vendor", String.class),
                        row.get("last_error", String.class),
                        null)))
        .all();
  }

  private Flux<Map.Entry<String, Problem>> syncs(String[] tenants) {
    return db.sql(
            "select tenant_id, id, vendor, entity, status, last_error, consecutive_failures"
                + " from syncs where tenant_id = any(:tenants)"
                + " and status in ('failing', 'authorization_required') order by tenant_id, id")
        .bind("tenants", tenants)
        .map(
            row ->
                entry(
                    row.get("tenant_id", String.class),
                    new Problem(
                        "sync",
                        row.get("id", String.class),
                        row.get("status", String.class),
                        row.get("vendor", String.class) + " " + row.get("entity", String.class),
                        row.get("last_error", String.class),
                        row.get("consecutive_failures", Integer.class))))
        .all();
  }

  private static Map.Entry<String, Problem> entry(String tenant, Problem problem) {
    return Map.entry(tenant, problem);
  }
}
