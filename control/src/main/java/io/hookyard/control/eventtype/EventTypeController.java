package io.hookyard.control.eventtype;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.EventTypeConfig;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The event catalog as a tenant sees it: the built-in types and the tenant's own. A tenant's type
 * carries a JSON Schema (2020-12) checked against the meta-schema when it is added; it reaches
 * ingest through {@code hookyard.config}, and the answer waits until this process's view has it, so
 * an event of the new type can be published at once.
 */
@RestController
@RequestMapping("/api/v1/event-types")
class EventTypeController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;
  private final EventCatalog catalog;

  EventTypeController(
      DatabaseClient db,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      AuditLog audit,
      EventCatalog catalog) {
    this.db = db;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.audit = audit;
    this.catalog = catalog;
  }

  record NewType(String name, String description, JsonNode schema) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TypeView(
      String name, String description, JsonNode schema, JsonNode example, boolean builtIn) {

    static TypeView of(EventType type, boolean builtIn) {
      return new TypeView(
          type.name(),
          type.description(),
          tree(type.schemaJson()),
          type.exampleJson() == null ? null : tree(type.exampleJson()),
          builtIn);
    }
  }

  @GetMapping
  Mono<Page<TypeView>> list(Principal principal) {
    TenantId tenant = principal.requireTenant();
    List<TypeView> all = new ArrayList<>();
    catalog.all().forEach(type -> all.add(TypeView.of(type, true)));
    return db.sql(
            "select name, description, schema from event_types where tenant_id = :tenant"
                + " order by name")
        .bind("tenant", tenant.value())
        .map(
            row ->
                TypeView.of(
                    EventCatalog.tenantType(
                        row.get("name", String.class),
                        row.get("description", String.class),
                        row.get("schema", io.r2dbc.postgresql.codec.Json.class).asString()),
                    false))
        .all()
        .collectList()
        .map(
            own -> {
              all.addAll(own);
              return new Page<>(List.copyOf(all), null, null);
            });
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<TypeView> create(Principal principal, @RequestBody NewType request) {
    TenantId tenant = principal.requireTenant();
    if (!EventTypes.isName(request.name())) {
      throw ApiException.invalidField("name", "is required and looks like resource.action");
    }
    String description = request.description() == null ? "" : request.description();
    if (description.length() > 1000) {
      throw ApiException.invalidField("description", "at most 1000 characters");
    }
    if (catalog.find(request.name()).isPresent()) {
      throw conflict(request.name() + " is a built-in type");
    }
    if (request.schema() == null) {
      throw ApiException.invalidField("schema", "is required: a JSON Schema for the data");
    }
    String schemaJson = Json.writeString(request.schema());
    List<EventType.Violation> violations = EventCatalog.checkSchema(schemaJson);
    if (!violations.isEmpty()) {
      EventType.Violation first = violations.get(0);
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid_schema",
          first.field() + ": " + first.message(),
          Map.of("field", first.field(), "violations", violations));
    }
    EventType type;
    try {
      type = EventCatalog.tenantType(request.name(), description, schemaJson);
    } catch (RuntimeException e) {
      throw ApiException.invalidField("schema", "does not load, or its example breaks it");
    }
    EventTypeConfig config =
        new EventTypeConfig(tenant, request.name(), description, request.schema());
    return db.sql(
            "insert into event_types (tenant_id, name, description, schema)"
                + " values (:tenant, :name, :description, :schema) on conflict do nothing")
        .bind("tenant", tenant.value())
        .bind("name", request.name())
        .bind("description", description)
        .bind("schema", io.r2dbc.postgresql.codec.Json.of(schemaJson))
        .fetch()
        .rowsUpdated()
        .flatMap(
            n ->
                n == 0
                    ? Mono.<Long>error(conflict("there is already a type " + request.name()))
                    : audit
                        .record(principal, tenant, "event_type.created", request.name())
                        .then(outbox.put(config)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitVisible(seq, PROPAGATION))
        .thenReturn(TypeView.of(type, false));
  }

  private static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", message, Map.of());
  }

  private static JsonNode tree(String json) {
    return Json.tree(json.getBytes(StandardCharsets.UTF_8));
  }
}
