package io.hookyard.control.deadletter;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The calling tenant's dead letters: list, replay one, replay a time range (also as an endpoint's
 * {@code recover}). A replay marks the dead letter replayed and puts its delivery back on {@code
 * hookyard.deliveries} in one transaction that commits only after Kafka has it, so a replay is sent
 * once (at least once if the commit itself fails) and a second replay of the same range sends
 * nothing. There is no cap on how many a range replays; it works through them in batches.
 */
@RestController
class DeadLetterController {
  private static final int BATCH = 500;

  private final DeadLetterStore store;
  private final Replayer replayer;
  private final TransactionalOperator tx;
  private final DatabaseClient db;

  DeadLetterController(
      DeadLetterStore store, Replayer replayer, TransactionalOperator tx, DatabaseClient db) {
    this.store = store;
    this.replayer = replayer;
    this.tx = tx;
    this.db = db;
  }

  /** The body of a range replay; every field optional. */
  record ReplayRequest(String endpointId, String since, String until) {}

  @GetMapping("/api/v1/dead-letters")
  Mono<Page<DeadLetterStore.DeadLetterView>> list(
      Principal principal,
      @RequestParam(name = "endpoint_id", required = false) String endpointId,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .list(tenant, endpointId, page)
        .collectList()
        .map(rows -> Page.of(rows, page, DeadLetterStore.DeadLetterView::id));
  }

  @PostMapping("/api/v1/dead-letters/{id}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Map<String, Integer>> replayOne(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return store
        .claim(tenant, id)
        .flatMap(delivery -> replayer.replay(delivery.replayed()).thenReturn(1))
        .as(tx::transactional)
        .switchIfEmpty(
            store
                .find(tenant, id)
                .map(
                    found -> {
                      throw new ApiException(
                          HttpStatus.CONFLICT,
                          "already_replayed",
                          "this dead letter was replayed already",
                          Map.of("id", id));
                    })
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("dead_letter", id)))
                .thenReturn(0))
        .map(n -> Map.of("replayed", n));
  }

  @PostMapping("/api/v1/dead-letters/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Map<String, Long>> replayRange(
      Principal principal, @RequestBody(required = false) ReplayRequest request) {
    return replay(
        principal.requireTenant(), request == null ? new ReplayRequest(null, null, null) : request);
  }

  /**
   * {@code POST /api/v1/endpoints/{id}/recover {"since": …}}: everything dead-lettered for that
   * endpoint since then, sent again. Deliveries still retrying are on their way already.
   */
  @PostMapping("/api/v1/endpoints/{id}/recover")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Map<String, Long>> recover(
      Principal principal,
      @PathVariable String id,
      @RequestBody(required = false) ReplayRequest request) {
    String since = request == null ? null : request.since();
    return replay(principal.requireTenant(), new ReplayRequest(id, since, null));
  }

  private Mono<Map<String, Long>> replay(TenantId tenant, ReplayRequest body) {
    Instant since = time("since", body.since(), Instant.EPOCH);
    Instant until = time("until", body.until(), Instant.now());
    if (!since.isBefore(until)) {
      throw ApiException.invalidField("until", "must be after since");
    }
    Mono<Void> endpointKnown =
        body.endpointId() == null
            ? Mono.empty()
            : db.sql("select 1 from endpoints where tenant_id = :tenant and id = :id")
                .bind("tenant", tenant.value())
                .bind("id", body.endpointId())
                .map(row -> Boolean.TRUE)
                .one()
                .switchIfEmpty(
                    Mono.error(() -> ApiException.notFound("endpoint", body.endpointId())))
                .then();
    Mono<Long> batch =
        store
            .claimRange(tenant, body.endpointId(), since, until, BATCH)
            .concatMap(delivery -> replayer.replay(delivery.replayed()).thenReturn(1))
            .count()
            .as(tx::transactional);
    Mono<Long> batches = batch.expand(n -> n == BATCH ? batch : Mono.empty()).reduce(0L, Long::sum);
    return endpointKnown.then(batches).map(n -> Map.of("replayed", n));
  }

  private static Instant time(String field, String text, Instant otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, "must be an RFC 3339 time like 2026-01-31T12:00:00Z");
    }
  }
}
