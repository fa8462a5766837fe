package io.hookyard.dispatch.destination;

import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The vendor destination engine: runs an endpoint's {@link Action} for one delivery through the
 * endpoint's connection and says what came of it. The dispatcher around it keeps the endpoint's
 * lane, rate limit, circuit, retries, ordering and dead letters exactly as for a webhook; this
 * class adds what a connection needs:
 *
 * <ul>
 *   <li><b>Credentials from the configuration view</b>, never from PostgreSQL: the connection
 *       travels sealed on {@code hookyard.config} and is opened here.
 *   <li><b>The connection's budget</b>, shared by all its destinations: a call waits for it (a wait
 *       over a minute is {@link Kind#HELD}, so the delivery is parked instead of held), 429s and
 *       quota headers feed it. Throttling is never a failed try.
 *   <li><b>401</b>: the token is refreshed once for the connection and the call sent once more; a
 *       connection that needs the tenant to authorize again holds its deliveries ({@link
 *       Kind#HELD}, the same try, nothing dropped).
 *   <li><b>The tenant's switches</b>: a vendor the operator switched off for the tenant holds its
 *       destinations' deliveries the same way until it is switched on again.
 *   <li><b>The attempt log</b>: the vendor's last answer, its first 1 KiB with the connection's
 *       secrets and token-like fields removed, and the id of the object written.
 * </ul>
 *
 * Metrics are tagged by vendor and action only (never tenant or endpoint).
 */
public final class Destinations {
  private static final Logger log = LoggerFactory.getLogger(Destinations.class);

  private final ConfigView config;
  private final ConnectionAccess connections;
  private final WebhookSender http;
  private final Map<String, Action> actions = new HashMap<>();
  private final Map<String, URI> baseUrls;
  private final Duration timeout;
  private final Duration authorizationWait;
  private final MeterRegistry meters;
  private final Map<String, ActionMeters> actionMeters =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param baseUrls per destination type, a base URL replacing the action's default
   * @param timeout each vendor call's deadline
   * @param authorizationWait how long a delivery waits, parked, before looking again at a
   *     connection that needs authorizing
   */
  public Destinations(
      ConfigView config,
      ConnectionTokens tokens,
      ConnectionBudgets budgets,
      WebhookSender http,
      List<Action> actions,
      Map<String, URI> baseUrls,
      Duration timeout,
      Duration authorizationWait,
      MeterRegistry meters) {
    this.config = config;
    this.connections = new ConnectionAccess(tokens, budgets);
    this.http = http;
    for (Action action : actions) {
      if (this.actions.put(key(action.type(), action.name()), action) != null) {
        throw new IllegalArgumentException("two actions " + action.type() + " " + action.name());
      }
    }
    this.baseUrls = Map.copyOf(baseUrls);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.authorizationWait = Objects.requireNonNull(authorizationWait, "authorizationWait");
    this.meters = meters;
  }

  /** What came of one delivery to a vendor destination. */
  public enum Kind {
    /** The vendor took it. */
    DONE,
    /** A failed try: retried on the endpoint's schedule, counted by its circuit. */
    FAILED,
    /** The vendor refused the input; retrying cannot help: dead-lettered at once. */
    REFUSED,
    /**
     * Not tried, or throttled: the same try waits {@link Outcome#holdFor()} (parked), counted
     * neither as a failure nor by the circuit.
     */
    HELD
  }

  /**
   * One delivery's result.
   *
   * @param status the vendor's last HTTP status, or null
   * @param answer the vendor's last answer, at most 1 KiB, secrets removed, or null
   * @param error a short reason when not {@link Kind#DONE}; for {@link Kind#REFUSED} the vendor's
   *     reason in our words
   * @param objectId the vendor's id of the object written, when it named one
   * @param holdFor for {@link Kind#HELD}, how long to wait
   * @param called whether a request reached (or was sent to) the vendor
   */
  public record Outcome(
      Kind kind,
      Integer status,
      String answer,
      long elapsedMs,
      String error,
      String objectId,
      Duration holdFor,
      boolean called) {}

  /** Runs {@code endpoint}'s action for {@code delivery}; never errors. */
  public Mono<Outcome> deliver(Delivery delivery, EndpointConfig endpoint) {
    return deliverAll(List.of(delivery), endpoint).map(outcomes -> outcomes.get(0));
  }

  /**
   * How many of {@code endpoint}'s waiting deliveries one call may carry ({@link
   * Action#batchSize()}); 1 when its action sends each on its own.
   */
  public int batchSize(EndpointConfig endpoint) {
    Action action = actions.get(key(endpoint.type(), endpoint.action()));
    return action == null ? 1 : Math.max(1, action.batchSize());
  }

  /**
   * Runs {@code endpoint}'s action for several of its deliveries in as few vendor calls as the
   * action allows; one outcome per delivery, in order. Never errors.
   */
  public Mono<List<Outcome>> deliverAll(List<Delivery> deliveries, EndpointConfig endpoint) {
    return Mono.defer(() -> run(deliveries, endpoint))
        .onErrorResume(
            e -> {
              // the class and where, never the message: parser errors quote vendor answers
              StackTraceElement[] at = e.getStackTrace();
              log.error(
                  "endpoint {}: vendor call for {} failed unexpectedly: {} at {}",
                  endpoint.id(),
                  deliveries.get(0),
                  e.getClass().getName(),
                  at.length > 0 ? at[0] : "?");
              return Mono.just(same(deliveries, notCalled(Kind.FAILED, "internal_error", null)));
            });
  }

  private Mono<List<Outcome>> run(List<Delivery> deliveries, EndpointConfig endpoint) {
    Action action = actions.get(key(endpoint.type(), endpoint.action()));
    if (action == null) {
      return Mono.just(
          same(
              deliveries,
              notCalled(
                  Kind.REFUSED,
                  "unknown_action: " + endpoint.type() + " " + endpoint.action(),
                  null)));
    }
    Optional<ConnectionConfig> found = config.connection(endpoint.connectionId());
    if (found.isEmpty() || !found.get().tenantId().equals(endpoint.tenantId())) {
      return Mono.just(same(deliveries, notCalled(Kind.FAILED, "connection_not_found", null)));
    }
    ConnectionConfig connection = found.get();
    if (!connection.vendor().equals(action.type())) {
      return Mono.just(
          same(
              deliveries,
              notCalled(
                  Kind.REFUSED,
                  "connection_vendor_mismatch: the connection is not a "
                      + action.type()
                      + " connection",
                  null)));
    }
    if (connection.needsAuthorization()) {
      return Mono.just(
          same(deliveries, notCalled(Kind.HELD, "authorization_required", authorizationWait)));
    }
    boolean switchedOff =
        config
            .tenant(endpoint.tenantId())
            .map(t -> !t.integrationEnabled(action.type()))
            .orElse(false);
    if (switchedOff) {
      // the operator switched the vendor off for this tenant: its destinations pause
      return Mono.just(
          same(deliveries, notCalled(Kind.HELD, "integration_disabled", authorizationWait)));
    }
    Outcome[] outcomes = new Outcome[deliveries.size()];
    List<Action.Input> inputs = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery delivery = deliveries.get(i);
      try {
        inputs.add(
            new Action.Input(
                Json.mapper().readTree(delivery.payload()),
                endpoint.transform() != null,
                delivery.eventType(),
                delivery.messageId().value(),
                delivery.eventTime(),
                endpoint.settings()));
        positions.add(i);
      } catch (RuntimeException e) {
        outcomes[i] = notCalled(Kind.REFUSED, "invalid_body: the delivery body is not JSON", null);
      }
    }
    if (inputs.isEmpty()) {
      return Mono.just(List.of(outcomes));
    }
    ConnectionCall call =
        new ConnectionCall(connection, baseUrl(action), connections, http, timeout);
    Timer.Sample sample = Timer.start(meters);
    Mono<List<Action.Result>> results =
        inputs.size() == 1
            ? action.perform(inputs.get(0), call).map(List::of)
            : action.performAll(inputs, call);
    return results
        .map(
            list -> {
              if (list.size() != inputs.size()) {
                throw new IllegalStateException(
                    action.type()
                        + " "
                        + action.name()
                        + " answered "
                        + list.size()
                        + " of "
                        + inputs.size());
              }
              List<Outcome> mapped = new ArrayList<>();
              for (Action.Result result : list) {
                mapped.add(outcome(result, call));
              }
              return mapped;
            })
        .onErrorResume(
            ConnectionAccess::authorizationRequired,
            e ->
                Mono.just(
                    same(
                        inputs, notCalled(Kind.HELD, "authorization_required", authorizationWait))))
        .onErrorResume(
            ConnectionCall.BudgetWait.class,
            e -> Mono.just(same(inputs, notCalled(Kind.HELD, "connection_budget", e.pause()))))
        .onErrorResume(
            ConnectionCall.TokenUnavailable.class,
            e -> Mono.just(same(inputs, notCalled(Kind.FAILED, "token_unavailable", null))))
        .map(
            mapped -> {
              for (int k = 0; k < mapped.size(); k++) {
                outcomes[positions.get(k)] = mapped.get(k);
              }
              sample.stop(meters(action).duration());
              for (Outcome o : mapped) {
                meters(action).results().get(o.kind()).increment();
              }
              return List.of(outcomes);
            });
  }

  private ActionMeters meters(Action action) {
    return actionMeters.computeIfAbsent(
        key(action.type(), action.name()), k -> ActionMeters.register(action, meters));
  }

  private static List<Outcome> same(List<?> items, Outcome outcome) {
    return java.util.Collections.nCopies(items.size(), outcome);
  }

  private URI baseUrl(Action action) {
    return baseUrls.getOrDefault(action.type(), action.defaultBaseUrl());
  }

  private Outcome outcome(Action.Result result, ConnectionCall call) {
    Action.Response last = result.last();
    Integer status = last == null ? null : last.status();
    String answer = last == null ? null : call.redact(last.body());
    long ms = call.elapsed().toMillis();
    boolean called = last != null;
    if (result instanceof Action.Result.Done d) {
      return new Outcome(Kind.DONE, status, answer, ms, null, d.objectId(), null, called);
    }
    if (result instanceof Action.Result.Retry r) {
      return new Outcome(Kind.FAILED, status, answer, ms, r.error(), null, null, called);
    }
    if (result instanceof Action.Result.Refused r) {
      return new Outcome(Kind.REFUSED, status, answer, ms, r.reason(), null, null, called);
    }
    Action.Result.Throttled t = (Action.Result.Throttled) result;
    Duration wait = t.after() == null ? ConnectionCall.DEFAULT_THROTTLE : t.after();
    return new Outcome(Kind.HELD, status, answer, ms, "throttled", null, wait, called);
  }

  private static Outcome notCalled(Kind kind, String error, Duration wait) {
    return new Outcome(kind, null, null, 0, error, null, wait, false);
  }

  private static String key(String type, String action) {
    return type + " " + action;
  }
}
