package io.hookyard.dispatch.destination;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;

/**
 * Everything destinations need from a connection, in one place: its access token (and a fresh one
 * after a 401), its opened credentials, and its shared budget. This is the only class of dispatch
 * that knows how tokens are refreshed and budgets shared, so that moving to the connection services
 * of {@code io.hookyard.schemas.connection} ({@code ConnectionTokens}, {@code ConnectionBudgets})
 * changes nothing else.
 *
 * <p>Until then it reads the token straight from the connection's sealed tokens or credentials,
 * cannot refresh one (a 401 stays a failed try), and keeps a per-connection budget in this process
 * fed by 429s and HubSpot's quota headers.
 */
final class ConnectionAccess {
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final SecretBox box;
  private final Clock clock;
  private final Map<String, LocalBudget> budgets = new ConcurrentHashMap<>();

  ConnectionAccess(SecretBox box, Clock clock) {
    this.box = box;
    this.clock = clock;
  }

  /** An access token and the connection revision it belongs to. */
  record Token(String value, long revision) {
    @Override
    public String toString() {
      return "Token[r" + revision + "]";
    }
  }

  /** The connection needs the tenant to authorize it again; its calls wait. */
  static final class AuthorizationRequired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthorizationRequired() {
      super("authorization required", null, false, false);
    }
  }

  /** The connection's current access token. */
  CompletableFuture<Token> token(ConnectionConfig connection) {
    if (connection.needsAuthorization()) {
      return CompletableFuture.failedFuture(new AuthorizationRequired());
    }
    String token = null;
    if (connection.tokens() != null) {
      token = open(connection.tokens()).get("access_token");
    }
    if (token == null) {
      token = credentials(connection).get("access_token");
    }
    return token == null
        ? CompletableFuture.failedFuture(new AuthorizationRequired())
        : CompletableFuture.completedFuture(new Token(token, connection.revision()));
  }

  /**
   * After the vendor refused the token of {@code revision}: a newer token, or {@link
   * AuthorizationRequired}. Not refreshable here yet: fails, so the 401 stays a failed try.
   */
  CompletableFuture<Token> refused(ConnectionConfig connection, long revision) {
    return CompletableFuture.failedFuture(new IllegalStateException("no token refresh yet"));
  }

  /** Whether {@code failure} means the connection waits for the tenant to authorize again. */
  static boolean authorizationRequired(Throwable failure) {
    Throwable t =
        failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure;
    return t instanceof AuthorizationRequired;
  }

  /** The connection's opened credentials: Teams' {@code webhook_url}, a static token, … */
  Map<String, String> credentials(ConnectionConfig connection) {
    return open(connection.credentials());
  }

  /** The connection's budget, shared by everything in this process calling through it. */
  Budget budget(ConnectionConfig connection) {
    return budgets.computeIfAbsent(connection.id().value(), id -> new LocalBudget(clock));
  }

  /** One connection's vendor quota. */
  interface Budget {
    /** How long until the next call may start; zero for now. */
    Duration reserve();

    /** The vendor throttled a call: everyone on the connection waits {@code retryAfter}. */
    void throttled(Duration retryAfter);

    /** Reads the vendor's quota headers of an answer. */
    void observe(Function<String, String> responseHeader);
  }

  private Map<String, String> open(io.hookyard.schemas.crypto.SealedSecret sealed) {
    return Json.mapper().readValue(box.open(sealed).getBytes(StandardCharsets.UTF_8), STRINGS);
  }

  /** Waits out 429s and an exhausted HubSpot window; nothing more. */
  private static final class LocalBudget implements Budget {
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.EPOCH;

    LocalBudget(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Duration reserve() {
      Duration wait = Duration.between(clock.instant(), pausedUntil);
      return wait.isNegative() ? Duration.ZERO : wait;
    }

    @Override
    public void throttled(Duration retryAfter) {
      pause(retryAfter == null ? Duration.ofSeconds(10) : retryAfter);
    }

    @Override
    public void observe(Function<String, String> header) {
      String remaining = header.apply("x-hubspot-ratelimit-remaining");
      String interval = header.apply("x-hubspot-ratelimit-interval-milliseconds");
      if ("0".equals(remaining)) {
        long ms = 10_000;
        try {
          ms = interval == null ? ms : Long.parseLong(interval.trim());
        } catch (NumberFormatException e) {
          // keep HubSpot's documented 10 s window
        }
        pause(Duration.ofMillis(ms));
      }
    }

    private synchronized void pause(Duration wait) {
      Instant until = clock.instant().plus(wait);
      if (until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
    }
  }
}
