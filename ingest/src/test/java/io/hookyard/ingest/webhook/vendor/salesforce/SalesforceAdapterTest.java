package io.hookyard.ingest.webhook.vendor.salesforce;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceAdapterTest {

  static final String ORG = "00D5g000004XyZaEAK";
  static final Map<String, String> SETTINGS = Map.of("organization_id", ORG);
  static final byte[] BODY = fixture("salesforce/outbound-message.xml");
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String URL = "https://hooks.example/in/src_1";

  final SalesforceAdapter adapter = new SalesforceAdapter();

  @Test
  void splitsNotificationsKeyedOnTheirIdsAndAcksInSoap() {
    var verdict = accepted(adapter.verify(post(URL, BODY), source(SETTINGS), NOW));

    assertThat(verdict.events())
        .extracting(VendorEvent::dedupKey)
        .containsExactly("04l5g00000AbCdEAAV", "04l5g00000AbCdFAAV");
    assertThat(verdict.events()).extracting(VendorEvent::eventType).containsOnly("Contact");
    var first = Json.tree(verdict.events().get(0).body());
    assertThat(first.get("sObject").get("Email").asString()).isEqualTo("ada@example.com");
    assertThat(first.get("organizationId").asString()).isEqualTo(ORG);
    assertThat(text(verdict.events().get(0).body())).doesNotContain("DoNotStoreThisSessionToken");
    assertThat(verdict.reply().status()).isEqualTo(200);
    assertThat(verdict.reply().contentType()).startsWith("text/xml");
    assertThat(text(verdict.reply().body()))
        .contains("<notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\">")
        .contains("<Ack>true</Ack>");
  }

  @Test
  void acceptsTheFifteenCharacterOrganizationId() {
    accepted(
        adapter.verify(
            post(URL, BODY), source(Map.of("organization_id", ORG.substring(0, 15))), NOW));
  }

  @Test
  void refusesAnotherOrganization() {
    rejected(
        adapter.verify(
            post(URL, BODY), source(Map.of("organization_id", "00D5g000004XyZbEAK")), NOW),
        "bad_credentials");
    rejected(adapter.verify(post(URL, BODY), source(), NOW), "bad_credentials");
  }

  @Test
  void refusesAMessageWithoutOrganizationId() {
    byte[] body = utf8(text(BODY).replaceAll("<OrganizationId>.*</OrganizationId>", ""));

    rejected(adapter.verify(post(URL, body), source(SETTINGS), NOW), "missing_signature");
  }

  @Test
  void refusesDoctypesSoNoEntityIsEverResolved() {
    byte[] xxe =
        utf8(
            "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + text(BODY)
                    .substring(text(BODY).indexOf("<soapenv:Envelope"))
                    .replace("<sf:LastName>Lovelace", "<sf:LastName>&x;"));

    rejected(adapter.verify(post(URL, xxe), source(SETTINGS), NOW), "malformed_body");
  }

  @Test
  void refusesSomethingThatIsNoNotificationsCall() {
    rejected(
        adapter.verify(post(URL, utf8("{\"json\":true}")), source(SETTINGS), NOW),
        "malformed_body");
    rejected(
        adapter.verify(
            post(
                URL,
                utf8(
                    "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body/></soapenv:Envelope>")),
            source(SETTINGS),
            NOW),
        "malformed_body");
  }

  @Test
  void tamperingWithTheBodyStillNeedsTheOrganizationId() {
    // nothing signs an outbound message: the organisation id is what there is
    byte[] body = utf8(text(BODY).replace("Lovelace", "Byron"));

    List<VendorEvent> events =
        accepted(adapter.verify(post(URL, body), source(SETTINGS), NOW)).events();
    assertThat(text(events.get(0).body())).contains("Byron");
  }
}
