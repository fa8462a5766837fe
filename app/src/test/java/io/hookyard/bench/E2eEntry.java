package io.hookyard.bench;

import com.standardwebhooks.Webhook;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Where {@code bench/e2e.sh} sends its events in: the bare chain's verifying server, Hookyard's
 * publish API, or Hookyard's {@code /in/{source}} as a Standard Webhooks source. Every event is
 * about 1 KiB and carries {@code <tag>-sent-<epoch millis>-<n>} for {@link E2eReceiver}.
 */
record E2eEntry(String name, String url, String apiKey, Webhook signer, int accepted) {
  private static final String PAD = "x".repeat(820);

  static E2eEntry signed(String name, String url, String secret, int accepted) {
    return new E2eEntry(name, url, null, new Webhook(secret), accepted);
  }

  static E2eEntry publishApi(String baseUrl, String apiKey) {
    return new E2eEntry("publish API", baseUrl + "/api/v1/events", apiKey, null, 202);
  }

  /** Sends event {@code n} of phase {@code tag}; answers the status, 0 for a transport failure. */
  Mono<Integer> send(HttpClient client, String tag, int n, String type) {
    String mark = tag + "-sent-" + System.currentTimeMillis() + "-" + n;
    String data =
        "{\"id\":\""
            + mark
            + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\",\"note\":\""
            + PAD
            + "\"}";
    String body;
    Map<String, String> headers;
    if (signer == null) {
      body = "{\"type\":\"" + type + "\",\"subject\":\"" + mark + "\",\"data\":" + data + "}";
      headers = Map.of("Authorization", "Bearer " + apiKey);
    } else {
      long now = System.currentTimeMillis() / 1000;
      body =
          "{\"type\":\""
              + type
              + "\",\"timestamp\":\"2026-12-03T00:00:00Z\",\"data\":"
              + data
              + "}";
      String id = "msg_" + mark;
      try {
        headers =
            Map.of(
                "webhook-id",
                id,
                "webhook-timestamp",
                Long.toString(now),
                "webhook-signature",
                signer.sign(id, now, body));
      } catch (Exception e) {
        return Mono.error(e);
      }
    }
    return client
        .headers(
            h -> {
              h.set("Content-Type", "application/json");
              headers.forEach(h::set);
            })
        .post()
        .uri(url)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
        .onErrorReturn(0);
  }
}
