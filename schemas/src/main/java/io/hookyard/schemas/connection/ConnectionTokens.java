package io.hookyard.schemas.connection;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.view.ConfigView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.core.type.TypeReference;

/**
 * Access tokens for the data plane's vendor calls (syncs in ingest, destinations in dispatch), from
 * the sealed connections on {@code hookyard.config} — never from PostgreSQL.
 *
 * <p>A token that expires within a minute, or that the vendor refused (401), is not refreshed here:
 * a {@link TokenRefreshRequest} goes to control's refresher, which refreshes each connection one
 * caller at a time across all instances, and the new tokens arrive through the config view. Callers
 * wait for a revision newer than the one they saw fail; several callers in this process asking
 * about the same revision send one request between them.
 */
public final class ConnectionTokens {
  static final Duration EARLY = Duration.ofSeconds(60);
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final ConfigView view;
  private final SecretBox box;
  private final Producer<String, TokenRefreshRequest> producer;
  private final Duration wait;
  private final Clock clock;
  private final Map<ConnectionId, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Map<ConnectionId, Long> requested = new ConcurrentHashMap<>();

  public ConnectionTokens(
      ConfigView view,
      SecretBox box,
      Producer<String, TokenRefreshRequest> producer,
      Duration wait,
      Clock clock) {
    this.view = view;
    this.box = box;
    this.producer = producer;
    this.wait = wait;
    this.clock = clock;
    view.listen(this::changed);
  }

  private record Waiter(long newerThan, CompletableFuture<AccessToken> future) {}

  /** A usable token for the connection, waiting for a refresh when it is about to expire. */
  public CompletableFuture<AccessToken> token(ConnectionId id) {
    Optional<ConnectionConfig> found = view.connection(id);
    if (found.isEmpty()) {
      return CompletableFuture.failedFuture(new AuthorizationRequired(id, "it was deleted"));
    }
    ConnectionConfig connection = found.get();
    try {
      AccessToken token = current(connection);
      if (token != null) {
        return CompletableFuture.completedFuture(token);
      }
    } catch (AuthorizationRequired e) {
      return CompletableFuture.failedFuture(e);
    }
    return refresh(connection, "expired");
  }

  /**
   * After the vendor refused a token of {@code revision} (401): asks for a refresh, unless a newer
   * revision is here already, and completes with the newer token.
   */
  public CompletableFuture<AccessToken> refused(ConnectionId id, long revision) {
    Optional<ConnectionConfig> found = view.connection(id);
    if (found.isEmpty()) {
      return CompletableFuture.failedFuture(new AuthorizationRequired(id, "it was deleted"));
    }
    if (found.get().revision() > revision) {
      return token(id);
    }
    return refresh(found.get(), "refused");
  }

  /** The connection's credentials, opened (a static access token, Teams' webhook URL). */
  public Map<String, String> credentials(ConnectionConfig connection) {
    return open(box.open(connection.credentials()));
  }

  /** The token to use now, null when it must be refreshed first. */
  private AccessToken current(ConnectionConfig c) {
    if (c.needsAuthorization()) {
      throw new AuthorizationRequired(c.id(), "the vendor refused its credentials");
    }
    switch (c.authType()) {
      case "token":
        return new AccessToken(credentials(c).get("access_token"), c.revision(), null);
      case "webhook_url":
        return new AccessToken(credentials(c).get("webhook_url"), c.revision(), null);
      case "basic":
        // HTTP Basic: the token is base64 of Jira's "email:api_token" or SAP's "user:password"
        Map<String, String> basic = credentials(c);
        String pair =
            basic.getOrDefault("username", basic.get("email"))
                + ":"
                + basic.getOrDefault("password", basic.get("api_token"));
        return new AccessToken(
            java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
            c.revision(),
            null);
      default:
        if (c.tokens() == null) {
          if (c.authType().equals("client_credentials")) {
            return null;
          }
          throw new AuthorizationRequired(c.id(), "it was never authorized");
        }
        Map<String, String> tokens = open(box.open(c.tokens()));
        String expires = tokens.get("expires_at");
        Instant expiresAt = expires == null ? null : Instant.parse(expires);
        if (expiresAt != null && expiresAt.isBefore(clock.instant().plus(EARLY))) {
          return null;
        }
        return new AccessToken(
            tokens.get("access_token"), c.revision(), expiresAt, tokens.get("instance_url"));
    }
  }

  private CompletableFuture<AccessToken> refresh(ConnectionConfig c, String reason) {
    CompletableFuture<AccessToken> future = new CompletableFuture<>();
    waiters.compute(
        c.id(),
        (k, list) -> {
          List<Waiter> next = list == null ? new ArrayList<>() : list;
          next.add(new Waiter(c.revision(), future));
          return next;
        });
    Long asked = requested.put(c.id(), c.revision());
    if (asked == null || asked < c.revision()) {
      producer.send(
          new ProducerRecord<>(
              Topics.CONNECTION_REFRESH.name(),
              c.id().value(),
              new TokenRefreshRequest(c.id(), c.tenantId(), c.revision(), reason)),
          (metadata, e) -> {
            if (e != null) {
              requested.remove(c.id(), c.revision());
              future.completeExceptionally(e);
            }
          });
    }
    // the config may have moved on between reading it and registering
    view.connection(c.id()).ifPresent(latest -> changed(latest.key(), latest));
    CompletableFuture<AccessToken> timed = future.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
    // a refresh that never answers (control down, its work lost) must be asked for again
    timed.whenComplete(
        (t, e) -> {
          if (e != null) {
            requested.remove(c.id(), c.revision());
          }
        });
    return timed;
  }

  private void changed(String key, ConfigRecord record) {
    if (!(record instanceof ConnectionConfig c)) {
      return;
    }
    List<Waiter> ready = new ArrayList<>();
    waiters.computeIfPresent(
        c.id(),
        (k, list) -> {
          list.removeIf(
              w -> {
                boolean done = w.future().isDone() || c.revision() > w.newerThan();
                if (done) {
                  ready.add(w);
                }
                return done;
              });
          return list.isEmpty() ? null : list;
        });
    for (Waiter w : ready) {
      try {
        AccessToken token = current(c);
        if (token == null) {
          refresh(c, "expired").whenComplete((t, e) -> complete(w.future(), t, e));
        } else {
          w.future().complete(token);
        }
      } catch (RuntimeException e) {
        w.future().completeExceptionally(e);
      }
    }
  }

  private static void complete(CompletableFuture<AccessToken> f, AccessToken t, Throwable e) {
    if (e != null) {
      f.completeExceptionally(e);
    } else {
      f.complete(t);
    }
  }

  private static Map<String, String> open(String json) {
    return Json.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), STRINGS);
  }
}
