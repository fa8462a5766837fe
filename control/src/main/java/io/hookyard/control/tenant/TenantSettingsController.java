package io.hookyard.control.tenant;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.TenantConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The operator reads and changes a tenant's settings: its name, its plan and API rate limit, and
 * its vendor integration switches. Only the operator may: a tenant key gets 403 here. Limits and
 * switches reach the API edge and ingest as a {@link TenantConfig} on {@code hookyard.config}; the
 * answer waits until this process's view has it.
 */
@RestController
@RequestMapping("/api/v1/tenants/{id}")
class TenantSettingsController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);
  private static final TypeReference<Map<String, Boolean>> SWITCHES = new TypeReference<>() {};

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;
  private final int defaultLimit;

  TenantSettingsController(
      DatabaseClient db,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      AuditLog audit,
      @Value("${hookyard.api.rate-limit-per-minute:100}") int defaultLimit) {
    this.db = db;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.audit = audit;
    this.defaultLimit = defaultLimit;
  }

  /**
   * @param plan {@code free}, {@code pro} or {@code enterprise}: sets the API rate limit
   * @param apiRateLimitPerMinute the tenant's own limit, which wins over the plan's
   */
  record TenantPatch(
      String name, String plan, Integer apiRateLimitPerMinute, Map<String, Boolean> integrations) {}

  /**
   * @param apiRateLimitPerMinute the tenant's own limit, or null when the plan's applies
   * @param effectiveRateLimitPerMinute the limit the API enforces for this tenant
   */
  record TenantView(
      String id,
      String name,
      String plan,
      Integer apiRateLimitPerMinute,
      int effectiveRateLimitPerMinute,
      Map<String, Boolean> integrations,
      Instant createdAt) {}

  @GetMapping
  Mono<TenantView> get(Principal principal, @PathVariable String id) {
    principal.requireOperator();
    return find(id, false).switchIfEmpty(Mono.error(() -> ApiException.notFound("tenant", id)));
  }

  /**
   * Changes what the body names. {@code "api_rate_limit_per_minute": null} removes the tenant's own
   * limit, so its plan's applies again; the body is read as a tree because a record cannot tell
   * that null from an absent field.
   */
  @PatchMapping
  Mono<TenantView> patch(
      Principal principal,
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      mediaType = "application/json",
                      schema =
                          @io.swagger.v3.oas.annotations.media.Schema(
                              implementation = TenantPatch.class)))
          @RequestBody
          JsonNode body) {
    principal.requireOperator();
    if (!body.isObject()) {
      throw ApiException.badRequest("malformed_json", "the body must be a JSON object");
    }
    TenantPatch request;
    try {
      request = Json.mapper().treeToValue(body, TenantPatch.class);
    } catch (JacksonException e) {
      throw ApiException.badRequest("malformed_json", "the body does not fit a tenant change");
    }
    boolean clearLimit =
        body.has("api_rate_limit_per_minute") && body.get("api_rate_limit_per_minute").isNull();
    String name = request.name() == null ? null : request.name().strip();
    if (name != null && (name.isEmpty() || name.length() > 200)) {
      throw ApiException.invalidField("name", "must be 1 to 200 characters");
    }
    Plan plan = request.plan() == null ? null : Plan.checked(request.plan(), "plan");
    Integer limit = request.apiRateLimitPerMinute();
    if (limit != null && (limit < 1 || limit > 1_000_000)) {
      throw ApiException.invalidField("api_rate_limit_per_minute", "must be 1 to 1000000");
    }
    Map<String, Boolean> switches =
        request.integrations() == null ? Map.of() : request.integrations();
    switches.forEach(
        (vendor, on) -> {
          if (!vendor.matches("[a-z0-9][a-z0-9-]{0,39}") || on == null) {
            throw ApiException.invalidField(
                "integrations." + vendor, "a vendor name mapped to true or false");
          }
        });
    return find(id, true)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("tenant", id)))
        .flatMap(
            current -> {
              Map<String, Boolean> merged = new TreeMap<>(current.integrations());
              merged.putAll(switches);
              Plan nextPlan = plan == null ? Plan.of(current.plan()) : plan;
              Integer override =
                  clearLimit ? null : limit == null ? current.apiRateLimitPerMinute() : limit;
              TenantView next =
                  new TenantView(
                      id,
                      name == null ? current.name() : name,
                      nextPlan.id(),
                      override,
                      nextPlan.effectiveLimit(override, defaultLimit),
                      merged,
                      current.createdAt());
              TenantConfig config =
                  new TenantConfig(
                      new TenantId(id),
                      override != null ? override : nextPlan.apiRateLimitPerMinute(),
                      merged);
              var update =
                  db.sql(
                          "update tenants set name = :name, integrations = :integrations,"
                              + " plan = :plan, api_rate_limit_per_minute = :limit where id = :id")
                      .bind("id", id)
                      .bind("plan", next.plan())
                      .bind("name", next.name())
                      .bind(
                          "integrations",
                          io.r2dbc.postgresql.codec.Json.of(Json.writeString(merged)));
              update =
                  next.apiRateLimitPerMinute() == null
                      ? update.bindNull("limit", Integer.class)
                      : update.bind("limit", next.apiRateLimitPerMinute());
              return update
                  .then()
                  .then(audit.record(principal, config.tenantId(), "tenant.updated", id))
                  .then(outbox.put(config))
                  .map(seq -> Map.entry(seq, next));
            })
        .as(tx::transactional)
        .flatMap(w -> relay.awaitVisible(w.getKey(), PROPAGATION).thenReturn(w.getValue()));
  }

  private Mono<TenantView> find(String id, boolean forUpdate) {
    if (!Ids.isValid(TenantId.PREFIX, id)) {
      return Mono.empty();
    }
    return db.sql(
            "select id, name, plan, api_rate_limit_per_minute, integrations, created_at from tenants"
                + " where id = :id"
                + (forUpdate ? " for update" : ""))
        .bind("id", id)
        .map(this::view)
        .one();
  }

  private TenantView view(Readable row) {
    String json = row.get("integrations", io.r2dbc.postgresql.codec.Json.class).asString();
    Map<String, Boolean> integrations =
        new LinkedHashMap<>(
            Json.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), SWITCHES));
    Plan plan = Plan.of(row.get("plan", String.class));
    Integer override = row.get("api_rate_limit_per_minute", Integer.class);
    return new TenantView(
        row.get("id", String.class),
        row.get("name", String.class),
        plan.id(),
        override,
        plan.effectiveLimit(override, defaultLimit),
        integrations,
        row.get("created_at", OffsetDateTime.class).toInstant());
  }
}
