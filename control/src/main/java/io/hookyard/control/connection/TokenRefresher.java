package io.hookyard.control.connection;

import io.hookyard.control.health.TenantEvents;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Answers the data plane's requests for fresh vendor tokens ({@code hookyard.connections.refresh},
 * consumer group {@code hookyard-control-token-refresh}). Requests are keyed by connection and
 * handled one at a time per partition, and each holds the connection's row lock while it talks to
 * the vendor, so a connection is refreshed by one caller at a time across all instances — Exact
 * Online's single-use refresh tokens survive several syncs and destinations expiring together.
 *
 * <p>A request that saw an older revision than the stored one is already answered (another refresh,
 * a new authorization or new credentials came since) and is skipped. The new tokens, or the {@code
 * authorization_required} status when the vendor refuses, reach every caller through {@code
 * hookyard.config}; a refusal also publishes {@code connection.failed} to the tenant.
 *
 * <p>A refresh whose answer is lost (timeout, connection dropped) is sent again with the same
 * refresh token, still under the lock, up to {@value #LOST_ANSWER_RETRIES} times: if the vendor
 * never saw it, the retry works; if it did and rotated the token (Exact Online's single-use refresh
 * tokens, vendors.md §20.6: "Old refresh token used"), the retry is refused and the connection
 * becomes {@code authorization_required} with {@code connection.failed} — never silently stuck.
 * {@code POST /connections/{id}/check} refreshes through {@link #refresh} too, under the same lock.
 */
final class TokenRefresher implements SmartLifecycle {
  static final String FAILED_EVENT = "connection.failed";
  static final int LOST_ANSWER_RETRIES = 2;
  private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

  private final RefreshFeed feed;
  private final ConnectionStore store;
  private final VendorApis vendors;
  private final VendorClient client;
  private final SealedJson sealed;
  private final TransactionalOperator tx;
  private final OutboxRelay relay;
  private final TenantEvents events;
  private volatile Disposable loop;

  TokenRefresher(
      RefreshFeed feed,
      ConnectionStore store,
      VendorApis vendors,
      VendorClient client,
      SealedJson sealed,
      TransactionalOperator tx,
      OutboxRelay relay,
      TenantEvents events) {
    this.feed = feed;
    this.store = store;
    this.vendors = vendors;
    this.client = client;
    this.sealed = sealed;
    this.tx = tx;
    this.relay = relay;
    this.events = events;
  }

  @Override
  public void start() {
    loop =
        feed.requests()
            .concatMap(this::handle)
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30)))
            .subscribe();
  }

  private Mono<Void> handle(RefreshFeed.Item item) {
    TokenRefreshRequest request = item.request();
    Mono<Void> work =
        request == null
            ? Mono.empty()
            : refresh(request)
                .onErrorResume(
                    e -> {
                      log.warn(
                          "token refresh of {} could not finish: {}",
                          request.connectionId(),
                          e.getClass().getSimpleName());
                      return Mono.empty();
                    });
    return work.then(item.commit());
  }

  /** Refreshes under the connection's row lock, unless a newer revision already answers it. */
  Mono<Void> refresh(TokenRefreshRequest request) {
    return store
        .find(request.tenantId(), request.connectionId().value(), true)
        .filter(row -> row.revision() <= request.seenRevision())
        .flatMap(this::grant)
        .as(tx::transactional)
        .doOnSuccess(v -> relay.kick());
  }

  private Mono<Void> grant(ConnectionStore.Row row) {
    ConnectionView view = row.view();
    VendorApi api = vendors.find(view.vendor()).orElse(null);
    Map<String, String> credentials = sealed.open(row.credentials());
    Mono<VendorClient.Tokens> tokens;
    if (api == null) {
      tokens = Mono.error(new VendorClient.TokenExchangeFailed("vendor no longer supported"));
    } else if (VendorApi.CLIENT_CREDENTIALS.equals(view.authType())) {
      tokens = client.clientCredentials(api, view.settings(), credentials);
    } else if (VendorApi.OAUTH2.equals(view.authType()) && row.tokens() != null) {
      String refreshToken = sealed.open(row.tokens()).get("refresh_token");
      tokens =
          refreshToken == null
              ? Mono.error(
                  new VendorClient.TokenExchangeFailed(
                      view.vendor() + " gave no refresh token; authorize the connection again"))
              : refreshResendingLost(api, credentials, refreshToken, view.vendor());
    } else {
      tokens =
          Mono.error(
              new VendorClient.TokenExchangeFailed(
                  view.vendor() + " refused the connection's credentials; give new ones"));
    }
    Instant now = Instant.now();
    return tokens
        .flatMap(
            fresh ->
                store.recordRefresh(
                    row, ConnectionView.CONNECTED, null, now, sealed.seal(fresh.asMap())))
        .onErrorResume(
            VendorClient.TokenExchangeFailed.class,
            e ->
                store
                    .recordRefresh(
                        row, ConnectionView.AUTHORIZATION_REQUIRED, e.getMessage(), now, null)
                    .then(events.publish(failedEvent(row, e.getMessage()))));
  }

  /**
   * The refresh grant, sent again with the same token while its answers are lost; a refusal after a
   * lost answer says the lost one probably spent the token.
   */
  private Mono<VendorClient.Tokens> refreshResendingLost(
      VendorApi api, Map<String, String> credentials, String refreshToken, String vendor) {
    AtomicBoolean lost = new AtomicBoolean();
    return Mono.defer(() -> client.refresh(api, credentials, refreshToken))
        .doOnError(
            VendorClient.TokenExchangeFailed.class,
            e -> {
              if (e.answerLost()) {
                lost.set(true);
              }
            })
        .retryWhen(
            Retry.backoff(LOST_ANSWER_RETRIES, Duration.ofMillis(500))
                .filter(e -> e instanceof VendorClient.TokenExchangeFailed f && f.answerLost())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .onErrorMap(
            e -> e instanceof VendorClient.TokenExchangeFailed f && !f.answerLost() && lost.get(),
            e ->
                new VendorClient.TokenExchangeFailed(
                    "the answer to a token refresh was lost and "
                        + vendor
                        + " no longer accepts the refresh token; authorize the connection again"));
  }

  private static EventEnvelope failedEvent(ConnectionStore.Row row, String reason) {
    ConnectionView view = row.view();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("connection_id", view.id());
    data.put("vendor", view.vendor());
    data.put("reason", reason);
    return new EventEnvelope(
        new EventId(
            Ids.derived(EventId.PREFIX, FAILED_EVENT, view.id(), Long.toString(row.revision()))),
        row.tenant(),
        FAILED_EVENT,
        view.id(),
        Instant.now(),
        Json.writeString(data).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable current = loop;
    return current != null && !current.isDisposed();
  }
}
