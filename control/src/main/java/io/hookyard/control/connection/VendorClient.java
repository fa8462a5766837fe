package io.hookyard.control.connection;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The few calls control makes to vendor APIs: the credential check and the OAuth 2.0 token
 * exchanges. Every call has the configured timeout. What a vendor answers is never passed on: a
 * failure becomes one of our own short sentences, since vendor errors can quote credentials.
 */
final class VendorClient {
  private final WebClient http;
  private final Duration timeout;

  VendorClient(Duration timeout) {
    this.timeout = timeout;
    HttpClient client =
        HttpClient.create()
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
            .responseTimeout(timeout);
    this.http =
        WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(client))
            .codecs(c -> c.defaultCodecs().maxInMemorySize(256 * 1024))
            .build();
  }

  /** Whether a check passed, and if not, why in our words. */
  record Outcome(boolean ok, String error) {
    static Outcome passed() {
      return new Outcome(true, null);
    }

    static Outcome failed(String error) {
      return new Outcome(false, error);
    }
  }

  /**
   * Tokens from a vendor's token endpoint. Not shown by toString. {@code instanceUrl} is the API
   * host the answer names where the vendor tells it only there (Salesforce's {@code instance_url}),
   * else null; it is sealed with the tokens, and the data plane reads it from them.
   */
  record Tokens(String accessToken, String refreshToken, Instant expiresAt, String instanceUrl) {
    Tokens(String accessToken, String refreshToken, Instant expiresAt) {
      this(accessToken, refreshToken, expiresAt, null);
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      map.put("access_token", accessToken);
      if (refreshToken != null) {
        map.put("refresh_token", refreshToken);
      }
      if (expiresAt != null) {
        map.put("expires_at", expiresAt.toString());
      }
      if (instanceUrl != null) {
        map.put("instance_url", instanceUrl);
      }
      return map;
    }

    @Override
    public String toString() {
      return "Tokens[expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A failed token exchange, in our words. {@link #answerLost()}: no answer came (timeout, dropped
   * connection), so the vendor may or may not have done it — with rotating refresh tokens it may
   * have spent the one sent.
   */
  static final class TokenExchangeFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean answerLost;

    TokenExchangeFailed(String message) {
      this(message, false);
    }

    TokenExchangeFailed(String message, boolean answerLost) {
      super(message, null, false, false);
      this.answerLost = answerLost;
    }

    boolean answerLost() {
      return answerLost;
    }
  }

  Mono<Outcome> check(VendorApi api, Map<String, Object> settings, String accessToken) {
    return check(api, api.check(), settings, accessToken);
  }

  Mono<Outcome> check(
      VendorApi api, VendorApi.Check check, Map<String, Object> settings, String accessToken) {
    if (check == null) {
      return Mono.just(Outcome.passed());
    }
    return http.method(HttpMethod.valueOf(check.method()))
        .uri(api.checkUrl(settings))
        .header(check.tokenHeader(), check.tokenPrefix() + accessToken)
        .accept(MediaType.APPLICATION_JSON)
        .exchangeToMono(
            response -> {
              int status = response.statusCode().value();
              if (status == 401 || status == 403) {
                return response
                    .releaseBody()
                    .thenReturn(
                        Outcome.failed(
                            api.name() + " rejected the credentials (HTTP " + status + ")"));
              }
              if (!response.statusCode().is2xxSuccessful()) {
                return response
                    .releaseBody()
                    .thenReturn(Outcome.failed(api.name() + " answered HTTP " + status));
              }
              if (check.okField() == null) {
                return response.releaseBody().thenReturn(Outcome.passed());
              }
              return response
                  .bodyToMono(JsonNode.class)
                  .map(
                      body ->
                          body.path(check.okField()).asBoolean(false)
                              ? Outcome.passed()
                              : Outcome.failed(api.name() + " rejected the credentials"))
                  .defaultIfEmpty(Outcome.failed(api.name() + " answered without a body"));
            })
        .timeout(timeout)
        .onErrorResume(
            e -> Mono.just(Outcome.failed(api.name() + " could not be reached (" + kind(e) + ")")));
  }

  /** The authorization-code grant (RFC 6749 §4.1.3), client credentials in the form body. */
  Mono<Tokens> exchangeCode(
      VendorApi api, Map<String, String> credentials, String code, String redirectUri) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri);
    return token(api, credentials, form, null);
  }

  /**
   * The refresh-token grant (RFC 6749 §6); a vendor that sends no new refresh token keeps the old.
   */
  Mono<Tokens> refresh(VendorApi api, Map<String, String> credentials, String refreshToken) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    return token(api, credentials, form, refreshToken);
  }

  /**
   * The client-credentials grant (RFC 6749 §4.4) for Dataverse, Graph application permissions and
   * the generic {@code http} vendor; the scope is the tenant's or the vendor's {@code .default}.
   */
  Mono<Tokens> clientCredentials(
      VendorApi api, Map<String, Object> settings, Map<String, String> credentials) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "client_credentials");
    String scope = credentials.getOrDefault("scope", defaultScope(api, settings));
    if (scope != null) {
      form.add("scope", scope);
    }
    return token(api, api.tokenUrl(settings), credentials, form, null);
  }

  private static String defaultScope(VendorApi api, Map<String, Object> settings) {
    return switch (api.name()) {
      case "ms-graph" -> "https://graph.microsoft.com/.default";
      case "dynamics365" -> settings.get("org_url") + "/.default";
      default -> null;
    };
  }

  private Mono<Tokens> token(
      VendorApi api,
      Map<String, String> credentials,
      MultiValueMap<String, String> form,
      String previousRefreshToken) {
    return token(api, api.tokenUrl(), credentials, form, previousRefreshToken);
  }

  private Mono<Tokens> token(
      VendorApi api,
      URI url,
      Map<String, String> credentials,
      MultiValueMap<String, String> form,
      String previousRefreshToken) {
    form.add("client_id", credentials.get("client_id"));
    form.add("client_secret", credentials.get("client_secret"));
    return http.post()
        .uri(url)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .accept(MediaType.APPLICATION_JSON)
        .body(BodyInserters.fromFormData(form))
        .exchangeToMono(
            response -> {
              int status = response.statusCode().value();
              if (!response.statusCode().is2xxSuccessful()) {
                return response
                    .releaseBody()
                    .then(
                        Mono.error(
                            new TokenExchangeFailed(
                                api.name() + " refused the token request (HTTP " + status + ")")));
              }
              return response.bodyToMono(JsonNode.class);
            })
        .timeout(timeout)
        .onErrorMap(
            e -> !(e instanceof TokenExchangeFailed),
            e ->
                new TokenExchangeFailed(
                    api.name() + " token endpoint could not be reached (" + kind(e) + ")", true))
        .flatMap(body -> tokens(api, body, previousRefreshToken))
        .switchIfEmpty(
            Mono.error(() -> new TokenExchangeFailed(api.name() + " sent an empty token answer")));
  }

  private static Mono<Tokens> tokens(VendorApi api, JsonNode body, String previousRefreshToken) {
    String access = body.path("access_token").asString(null);
    if (access == null || access.isBlank()) {
      return Mono.error(new TokenExchangeFailed(api.name() + " sent no access token"));
    }
    String refresh = body.path("refresh_token").asString(previousRefreshToken);
    long expiresIn = body.path("expires_in").asLong(0);
    Instant expiresAt = expiresIn > 0 ? Instant.now().plusSeconds(expiresIn) : null;
    String instance = body.path("instance_url").asString(null);
    if (instance != null && !instance.matches("https?://[^\\s/?#]+/?")) {
      return Mono.error(new TokenExchangeFailed(api.name() + " named an invalid instance URL"));
    }
    return Mono.just(new Tokens(access, refresh, expiresAt, instance));
  }

  private static String kind(Throwable e) {
    return e instanceof java.util.concurrent.TimeoutException ? "timeout" : "connection failed";
  }
}
