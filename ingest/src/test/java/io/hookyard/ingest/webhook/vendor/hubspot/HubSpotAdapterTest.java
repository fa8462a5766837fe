package io.hookyard.ingest.webhook.vendor.hubspot;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.concat;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmacSha256;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.sha256;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubSpotAdapterTest {

  // vendors.md §6: the legacydocs v1/v2 vectors and the official Python SDK's v3 vector, verbatim
  static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  static final String URL = "https://www.example.com/webhook_uri";
  static final byte[] V1_BODY =
      utf8(
          "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
              + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,"
              + "\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]");
  static final String V1_SIGNATURE =
      "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
  static final byte[] V2_BODY = utf8("{\"example_field\":\"example_value\"}");
  static final String V2_POST_SIGNATURE =
      "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";
  static final String V2_GET_SIGNATURE =
      "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
  static final byte[] V3_BODY = utf8("{'example_field':'example_value'}");
  static final String V3_TS = "1693657560000";
  static final String V3_SIGNATURE = "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=";
  static final Instant V3_NOW = Instant.ofEpochMilli(1693657560000L);
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  final HubSpotAdapter adapter = new HubSpotAdapter();

  static InboundRequest v1(byte[] body, String signature) {
    return post(URL, body, "X-HubSpot-Signature", signature, "X-HubSpot-Signature-Version", "v1");
  }

  static InboundRequest v3(byte[] body, String ts, String signature) {
    return post(URL, body, "X-HubSpot-Signature-v3", signature, "X-HubSpot-Request-Timestamp", ts);
  }

  @Test
  void acceptsTheV1VectorKeyedOnTheEventId() {
    List<VendorEvent> events =
        accepted(adapter.verify(v1(V1_BODY, V1_SIGNATURE), source(SECRET), NOW)).events();

    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.dedupKey()).isEqualTo("1");
              assertThat(event.eventType()).isEqualTo("contact.creation");
              assertThat(event.body())
                  .isEqualTo(utf8(text(V1_BODY).substring(1, V1_BODY.length - 1)));
            });
  }

  @Test
  void acceptsTheV2Vectors() {
    var postRequest =
        post(
            URL,
            V2_BODY,
            "X-HubSpot-Signature",
            V2_POST_SIGNATURE,
            "X-HubSpot-Signature-Version",
            "v2");
    var getRequest =
        new InboundRequest(
            "GET",
            URI.create(URL),
            Map.of(
                "X-HubSpot-Signature", List.of(V2_GET_SIGNATURE),
                "X-HubSpot-Signature-Version", List.of("v2")),
            new byte[0]);

    accepted(adapter.verify(postRequest, source(SECRET), NOW));
    // a CRM-card GET has no body: signature verified, nothing to store
    rejected(adapter.verify(getRequest, source(SECRET), NOW), "malformed_body");
    rejected(
        adapter.verify(
            post(
                URL,
                V2_BODY,
                "X-HubSpot-Signature",
                V2_GET_SIGNATURE,
                "X-HubSpot-Signature-Version",
                "v2"),
            source(SECRET),
            NOW),
        "bad_signature");
  }

  @Test
  void acceptsTheV3VectorAtItsTimestamp() {
    var verdict = adapter.verify(v3(V3_BODY, V3_TS, V3_SIGNATURE), source(SECRET), V3_NOW);

    // the SDK's vector body is not JSON (single quotes): verified, then refused as malformed
    rejected(verdict, "malformed_body");
    rejected(
        adapter.verify(
            v3(V3_BODY, V3_TS, "AAAA" + V3_SIGNATURE.substring(4)), source(SECRET), V3_NOW),
        "bad_signature");
  }

  @Test
  void splitsABatchIntoOneEventPerElement() {
    byte[] body = fixture("hubspot/batch.json");
    String ts = "" + NOW.toEpochMilli();
    String signature =
        base64(hmacSha256(SECRET, concat(concat(utf8("POST" + URL), body), utf8(ts))));

    List<VendorEvent> events =
        accepted(adapter.verify(v3(body, ts, signature), source(SECRET), NOW)).events();

    assertThat(events).extracting(VendorEvent::dedupKey).containsExactly("1001", "1002", "1003");
    assertThat(events)
        .extracting(VendorEvent::eventType)
        .containsExactly("contact.creation", "contact.propertyChange", "deal.deletion");
    assertThat(text(events.get(2).body())).startsWith("{\"eventId\":1003").endsWith("}");
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(v1(tampered(V1_BODY), V1_SIGNATURE), source(SECRET), NOW), "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(v1(V1_BODY, V1_SIGNATURE), source("xxxxxxxx-xxxx"), NOW), "bad_signature");
  }

  @Test
  void refusesV3TimestampsOutsideFiveMinutesEitherWay() {
    var request = v3(V3_BODY, V3_TS, V3_SIGNATURE);

    rejected(adapter.verify(request, source(SECRET), V3_NOW.plusSeconds(301)), "stale_timestamp");
    rejected(adapter.verify(request, source(SECRET), V3_NOW.minusSeconds(301)), "stale_timestamp");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(adapter.verify(post(URL, V1_BODY), source(SECRET), NOW), "missing_signature");
    rejected(
        adapter.verify(
            post(URL, V1_BODY, "X-HubSpot-Signature-v3", V3_SIGNATURE), source(SECRET), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(v1(V1_BODY, V1_SIGNATURE), source("old", SECRET), NOW));
  }

  @Test
  void v1IsAPlainHashNotAnHmac() {
    assertThat(hex(sha256(concat(utf8(SECRET), V1_BODY)))).isEqualTo(V1_SIGNATURE);
  }

  @Test
  void v3AlsoTriesThePercentDecodedUrlAndASpaceForPlus() {
    byte[] body = fixture("hubspot/batch.json");
    String ts = "" + NOW.toEpochMilli();
    String encoded = "https://hooks.example/in/src_1?portal=a%3Ab+c";
    String decoded = "https://hooks.example/in/src_1?portal=a:b+c";
    String signature =
        base64(hmacSha256(SECRET, concat(concat(utf8("POST" + decoded), body), utf8(ts))));
    var request =
        post(
            encoded,
            body,
            "X-HubSpot-Signature-v3",
            signature.replace('+', ' '),
            "X-HubSpot-Request-Timestamp",
            ts);

    assertThat(HubSpotAdapter.uriVariants(encoded)).containsExactly(encoded, decoded);
    accepted(adapter.verify(request, source(SECRET), NOW));
  }
}
