package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /in/{source}} is served by reactor-netty directly, ahead of WebFlux: what a vendor sees
 * through it — handshakes answered byte for byte, a HubSpot batch split into one record per event
 * under the full URL it signed, the API's error envelope for 401/404/413, its meter — and that
 * every other request still reaches WebFlux.
 */
class InboundRouteIT {
  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String HUBSPOT_SECRET = "hubspot-client-secret-for-tests";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;

  @Test
  void vendorsAreAnsweredAsTheyExpectAndBatchesAreSplit() throws Exception {
    try (RunningHookyard hookyard =
        RunningHookyard.start(dataDir, "--hookyard.roles=ingest,control")) {
      ApiClient api = Tenants.create(hookyard, "Acme").api();
      String slack = hookyard.baseUrl() + ingestUrl(api, "slack", SLACK_SECRET);
      String graph = hookyard.baseUrl() + ingestUrl(api, "ms-graph", "graph-client-state");
      String hubspot = hookyard.baseUrl() + ingestUrl(api, "hubspot", HUBSPOT_SECRET);

      String challenge = "{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV\"}";
      HttpResponse<String> slackAnswer = send("POST", slack, challenge, slackSigned(challenge));
      assertThat(slackAnswer.statusCode()).isEqualTo(200);
      assertThat(slackAnswer.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV");
      assertThat(slackAnswer.headers().firstValue("Content-Type")).hasValue("text/plain");

      HttpResponse<String> graphAnswer =
          send("GET", graph + "?validationToken=Validation%3A+Testing", "", Map.of());
      assertThat(graphAnswer.statusCode()).isEqualTo(200);
      assertThat(graphAnswer.body()).isEqualTo("Validation: Testing");
      assertThat(graphAnswer.headers().firstValue("Content-Type")).hasValue("text/plain");

      String batch =
          "[{\"eventId\":101,\"subscriptionType\":\"contact.creation\",\"objectId\":1},"
              + "{\"eventId\":102,\"subscriptionType\":\"contact.deletion\",\"objectId\":2}]";
      String signedUrl = hubspot + "?portal=7";
      HttpResponse<String> split =
          send("POST", signedUrl, batch, hubspotSigned("POST", signedUrl, batch));
      assertThat(split.statusCode()).isEqualTo(200);
      assertThat(Json.tree(bytes(split.body())).path("accepted").asInt()).isEqualTo(2);

      HttpResponse<String> forged =
          send("POST", signedUrl, batch, hubspotSigned("POST", hubspot + "?portal=8", batch));
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(error(forged).path("code").asString()).isEqualTo("signature_invalid");
      assertThat(error(forged).path("details").path("reason").asString())
          .isEqualTo("bad_signature");

      HttpResponse<String> unknown =
          send("POST", hookyard.baseUrl() + "/in/src_01jd0000000000000000000000", "{}", Map.of());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(error(unknown).path("code").asString()).isEqualTo("not_found");
      assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");

      String huge = "[" + "1,".repeat(600 * 1024) + "1]";
      HttpResponse<String> tooLarge =
          send("POST", hubspot, huge, hubspotSigned("POST", hubspot, huge));
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(error(tooLarge).path("code").asString()).isEqualTo("payload_too_large");

      List<InboundRecord> stored = InboundTopic.awaitAtLeast(hookyard.kafkaBootstrapServers(), 2);
      assertThat(stored)
          .extracting(InboundRecord::dedupKey)
          .containsExactlyInAnyOrder("101", "102");
      assertThat(stored)
          .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
          .allSatisfy(body -> assertThat(body).startsWith("{\"eventId\":10"));
      assertThat(stored.get(0).headers())
          .containsKey("x-hubspot-request-timestamp")
          .doesNotContainKey("x-hubspot-signature-v3")
          .doesNotContainKey("authorization");

      // other requests still reach WebFlux: the API, its envelope, and routes /in does not own
      assertThat(send("DELETE", slack, "", Map.of()).statusCode()).isIn(404, 405);
      assertThat(error(send("DELETE", slack, "", Map.of())).path("code").asString()).isNotBlank();
      String metrics = hookyard.operator().getText("/actuator/prometheus");
      assertThat(metrics)
          .contains("hookyard_ingest_webhooks_seconds_count{status=\"200\"}")
          .contains("hookyard_ingest_webhooks_seconds_count{status=\"401\"}")
          .contains("hookyard_ingest_webhooks_seconds_count{status=\"404\"}");
    }
  }

  @Test
  void theHeaderASourceNamesForItsSignatureIsNotStored() throws Exception {
    try (RunningHookyard hookyard =
        RunningHookyard.start(dataDir, "--hookyard.roles=ingest,control")) {
      ApiClient api = Tenants.create(hookyard, "Acme").api();
      ApiClient.Response created =
          api.post(
              "/api/v1/sources",
              "{\"type\":\"hmac\",\"name\":\"acme\",\"secret\":\"acme-secret\","
                  + "\"settings\":{\"header\":\"X-Acme-Check\"}}");
      assertThat(created.status()).isEqualTo(201);
      String url = hookyard.baseUrl() + created.body().path("ingest_url").asString();
      String body = "{\"id\":\"evt_1\"}";
      String signature = HexFormat.of().formatHex(hmac("acme-secret", body));

      HttpResponse<String> accepted =
          send("POST", url, body, Map.of("X-Acme-Check", signature, "X-Acme-Event", "created"));

      assertThat(accepted.statusCode()).isEqualTo(200);
      assertThat(InboundTopic.awaitAtLeast(hookyard.kafkaBootstrapServers(), 1))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.headers())
                      .containsEntry("x-acme-event", "created")
                      .doesNotContainKey("x-acme-check"));
    }
  }

  private static String ingestUrl(ApiClient api, String type, String secret) {
    ApiClient.Response created =
        api.post(
            "/api/v1/sources",
            "{\"type\":\"" + type + "\",\"name\":\"" + type + "\",\"secret\":\"" + secret + "\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("ingest_url").asString();
  }

  private static HttpResponse<String> send(
      String method, String url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode error(HttpResponse<String> response) {
    return Json.tree(bytes(response.body())).path("error");
  }

  /** Slack: {@code v0=} hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}. */
  private static Map<String, String> slackSigned(String body) throws Exception {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String signature =
        "v0=" + HexFormat.of().formatHex(hmac(SLACK_SECRET, "v0:" + timestamp + ":" + body));
    return Map.of(
        "Content-Type", "application/json",
        "X-Slack-Request-Timestamp", timestamp,
        "X-Slack-Signature", signature);
  }

  /** HubSpot v3: base64 HMAC-SHA256 of method, the full URL, body and timestamp (ms). */
  private static Map<String, String> hubspotSigned(String method, String url, String body)
      throws Exception {
    String timestamp = Long.toString(Instant.now().toEpochMilli());
    String signature =
        Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET, method + url + body + timestamp));
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-HubSpot-Request-Timestamp", timestamp);
    headers.put("X-HubSpot-Signature-v3", signature);
    headers.put("Authorization", "Bearer not-kept");
    return headers;
  }

  private static byte[] hmac(String secret, String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(bytes(secret), "HmacSHA256"));
    return mac.doFinal(bytes(content));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
