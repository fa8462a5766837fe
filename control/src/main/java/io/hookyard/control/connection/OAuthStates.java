package io.hookyard.control.connection;

import io.hookyard.schemas.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * OAuth 2.0 {@code state} values in flight. A state is 32 random bytes; only its SHA-256 is stored,
 * it expires, and it is taken (deleted) by the one callback that uses it, so it cannot be replayed.
 */
final class OAuthStates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseClient db;

  OAuthStates(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Who started an authorization, for which connection, the redirect_uri to repeat, and the path on
   * this Hookyard to send the browser back to afterwards (null: the callback answers JSON).
   */
  record Pending(
      TenantId tenant, String connectionId, String actor, String redirectUri, String returnTo) {}

  /** Stores a new state for {@code pending} and returns it (the value sent to the vendor). */
  Mono<String> begin(Pending pending, Instant expiresAt) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    var insert =
        db.sql(
                "insert into oauth_states (state_hash, tenant_id, connection_id, actor,"
                    + " redirect_uri, return_to, expires_at) values (:hash, :tenant,"
                    + " :connection, :actor, :redirect, :returnTo, :expires)")
            .bind("hash", hash(state))
            .bind("tenant", pending.tenant().value())
            .bind("connection", pending.connectionId())
            .bind("actor", pending.actor())
            .bind("redirect", pending.redirectUri())
            .bind("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
    insert =
        pending.returnTo() == null
            ? insert.bindNull("returnTo", String.class)
            : insert.bind("returnTo", pending.returnTo());
    return db.sql("delete from oauth_states where expires_at < now()")
        .then()
        .then(insert.then())
        .thenReturn(state);
  }

  /** Takes the state: empty when it is unknown, used already or expired. */
  Mono<Pending> take(String state) {
    return db.sql(
            "delete from oauth_states where state_hash = :hash"
                + " returning tenant_id, connection_id, actor, redirect_uri, return_to,"
                + " expires_at")
        .bind("hash", hash(state))
        .map(
            row ->
                Map.entry(
                    new Pending(
                        new TenantId(row.get("tenant_id", String.class)),
                        row.get("connection_id", String.class),
                        row.get("actor", String.class),
                        row.get("redirect_uri", String.class),
                        row.get("return_to", String.class)),
                    row.get("expires_at", OffsetDateTime.class).toInstant()))
        .one()
        .filter(taken -> taken.getValue().isAfter(Instant.now()))
        .map(Map.Entry::getKey);
  }

  private static String hash(String state) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
