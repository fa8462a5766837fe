package io.hookyard.control.replay;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts replays and backfills: checks the range against what {@code hookyard.events} still holds,
 * counts what the endpoint gets in it, and records the replay (with its audit entry) for {@link
 * ReplayRunner}. The endpoint package schedules a new endpoint's backfill through here, in the
 * transaction that creates the endpoint.
 */
public final class Replays {
  static final String PREFIX = "rpl";
  static final String REPLAY = "replay";
  static final String BACKFILL = "backfill";

  private final ReplayStore store;
  private final EventLog events;
  private final AuditLog audit;
  private final TransactionalOperator tx;
  private final ReplayRunner runner;
  private final Clock clock;

  Replays(
      ReplayStore store,
      EventLog events,
      AuditLog audit,
      TransactionalOperator tx,
      ReplayRunner runner,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.audit = audit;
    this.tx = tx;
    this.runner = runner;
    this.clock = clock;
  }

  /** A replay as started: its id, the events found, the range and what the topic holds. */
  record Started(String id, long events, ReplayStore.Job job, EventLog.Window window) {}

  /**
   * Checks a new endpoint's {@code backfill_since} (RFC 3339, not in the future, not before what
   * the topic holds): 422 naming {@code field} otherwise.
   */
  public Mono<Instant> checkBackfill(String field, String since) {
    Instant at = time(field, since);
    if (at.isAfter(clock.instant())) {
      throw ApiException.invalidField(field, "is in the future");
    }
    return window().doOnNext(window -> requireHeld(field, at, window)).thenReturn(at);
  }

  /**
   * Records the backfill of a new endpoint since {@code since}, in the caller's transaction; its
   * range ends once the endpoint's configuration (outbox row {@code configSeq}) reached routing.
   * Emits the replay's id.
   */
  public Mono<String> scheduleBackfill(
      Principal principal, EndpointConfig endpoint, Instant since, long configSeq) {
    String id = Ids.next(PREFIX);
    ReplayStore.Job job =
        new ReplayStore.Job(
            id,
            endpoint.tenantId(),
            endpoint.id(),
            BACKFILL,
            since,
            null,
            null,
            ReplayStore.RUNNING,
            null,
            0,
            null,
            configSeq,
            null,
            null,
            clock.instant(),
            null);
    return store
        .insert(job)
        .then(audit.record(principal, endpoint.tenantId(), "replay.started", id))
        .thenReturn(id);
  }

  /** Starts a replay of {@code endpointId}; 404 for another tenant's endpoint. */
  Mono<Started> start(Principal principal, String endpointId, ReplayRequest request) {
    TenantId tenant = principal.requireTenant();
    Instant now = clock.instant();
    Instant since = time("since", request.since());
    if (since.isAfter(now)) {
      throw ApiException.invalidField("since", "is in the future");
    }
    Instant until =
        request.until() == null || request.until().isBlank()
            ? now
            : min(time("until", request.until()), now);
    if (!until.isAfter(since)) {
      throw ApiException.invalidField("until", "must be after since");
    }
    List<String> types = checkedTypes(request.eventTypes());
    EndpointId id = endpointId(endpointId);
    return store
        .endpoint(tenant, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", endpointId)))
        .flatMap(
            endpoint -> {
              if (endpoint.disabled()) {
                return Mono.error(ApiException.endpointDisabled(endpointId, "replay"));
              }
              return window()
                  .doOnNext(window -> requireHeld("since", since, window))
                  .flatMap(
                      window ->
                          blocking(
                                  () -> {
                                    Positions positions = events.range(since, until);
                                    var selection =
                                        new EventLog.Selection(endpoint, types, since, until);
                                    return new Counted(
                                        positions, events.count(positions, selection));
                                  })
                              .flatMap(
                                  counted ->
                                      record(
                                          principal, endpoint, since, until, types, counted,
                                          window)));
            });
  }

  private record Counted(Positions positions, long found) {}

  private Mono<Started> record(
      Principal principal,
      EndpointConfig endpoint,
      Instant since,
      Instant until,
      List<String> types,
      Counted counted,
      EventLog.Window window) {
    ReplayStore.Job job =
        new ReplayStore.Job(
            Ids.next(PREFIX),
            endpoint.tenantId(),
            endpoint.id(),
            REPLAY,
            since,
            until,
            types,
            ReplayStore.RUNNING,
            counted.found(),
            0,
            counted.positions(),
            null,
            null,
            null,
            clock.instant(),
            null);
    return store
        .insert(job)
        .then(audit.record(principal, endpoint.tenantId(), "replay.started", job.id()))
        .as(tx::transactional)
        .doOnSuccess(v -> runner.kick())
        .thenReturn(new Started(job.id(), counted.found(), job, window));
  }

  /** A replay of the calling tenant; 404 for another's. */
  Mono<ReplayStore.Job> find(Principal principal, String id) {
    return store
        .find(principal.requireTenant(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("replay", id)));
  }

  /** What {@code hookyard.events} holds now. */
  Mono<EventLog.Window> window() {
    return blocking(events::window);
  }

  /** Asks the runner to look for new replays (a backfill's endpoint was just committed). */
  public void kick() {
    runner.kick();
  }

  private static void requireHeld(String field, Instant since, EventLog.Window window) {
    if (since.isBefore(window.earliestAvailable())) {
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "beyond_retention",
          field
              + ": events are kept for "
              + window.retentionText()
              + " (hookyard.events.retention); the earliest still available is "
              + window.earliestAvailable(),
          Map.of(
              "field",
              field,
              "earliest_available",
              window.earliestAvailable().toString(),
              "retention",
              window.retentionText()));
    }
  }

  private static List<String> checkedTypes(List<String> types) {
    if (types == null) {
      return null;
    }
    if (types.isEmpty()) {
      throw ApiException.invalidField(
          "event_types", "at least one type or pattern, or leave it out");
    }
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i) == null || !EventTypes.isPattern(types.get(i))) {
        throw ApiException.invalidField("event_types[" + i + "]", "an event type, resource.* or *");
      }
    }
    return List.copyOf(types);
  }

  private static EndpointId endpointId(String id) {
    try {
      return new EndpointId(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("endpoint", id);
    }
  }

  static Instant time(String field, String text) {
    if (text == null || text.isBlank()) {
      throw ApiException.invalidField(field, "is required: an RFC 3339 time");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, "must be an RFC 3339 time like 2026-01-31T12:00:00Z");
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }
}
