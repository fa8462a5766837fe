package io.hookyard.app;

import static io.hookyard.app.support.ReceivedEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot syncs end to end against one embedded Hookyard and a loopback HubSpot CRM: changes found
 * by CRM search reach a subscribed endpoint as catalog events, each exactly once, through
 * throttling, the search's result ceiling, token expiry and a restart. One class, so one app for
 * all: the app, the fake and the steps are in {@link HubSpotSyncTest}, the OAuth tests in {@link
 * HubSpotSyncOAuthTest}, and all of them run here in {@link Order} (the restart test last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubSpotSyncIT extends HubSpotSyncOAuthTest {
  @Test
  @Order(1)
  void anInitialLoadOverManyPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 250; i++) {
      hubspot.create(
          "contacts",
          Map.of("email", "c" + i + "@example.com", "firstname", "C" + i, "lastname", "Lovelace"),
          T0.plusSeconds(i));
    }
    String sync = sync("contacts", connection, "1970-01-01T00:00:00Z");

    await().atMost(Duration.ofSeconds(60)).until(() -> events("contact.created").size() >= 250);
    List<JsonNode> created = events("contact.created");
    assertThat(created).hasSize(250);
    assertThat(ids(created)).hasSize(250);
    JsonNode first =
        created.stream()
            .filter(e -> e.path("data").path("email").asString().equals("c7@example.com"))
            .findFirst()
            .orElseThrow();
    assertThat(first.path("data").path("first_name").asString()).isEqualTo("C7");
    assertThat(first.path("data").path("last_name").asString()).isEqualTo("Lovelace");
    assertThat(first.path("data").path("source").path("kind").asString()).isEqualTo("sync");
    assertThat(first.path("data").path("source").path("sync_id").asString()).isEqualTo(sync);
    assertThat(first.path("data").path("source").path("connection_id").asString())
        .isEqualTo(connection);

    String changedA = created.get(3).path("data").path("id").asString();
    String changedB = created.get(200).path("data").path("id").asString();
    String goneA = created.get(10).path("data").path("id").asString();
    String goneB = created.get(11).path("data").path("id").asString();
    Instant later = Instant.now();
    hubspot.update("contacts", changedA, Map.of("phone", "+31 20 555 0101"), later);
    hubspot.update("contacts", changedB, Map.of("email", "new@example.com"), later);
    hubspot.archive("contacts", goneA, later);
    hubspot.archive("contacts", goneB, later);
    runNow(sync);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> events("contact.updated").size() >= 2 && events("contact.deleted").size() >= 2);
    runNow(sync); // a second run finds nothing new
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(ids(events("contact.updated"))).containsExactlyInAnyOrder(changedA, changedB);
    assertThat(events("contact.updated")).hasSize(2);
    assertThat(ids(events("contact.deleted"))).containsExactlyInAnyOrder(goneA, goneB);
    assertThat(events("contact.deleted")).hasSize(2);
    assertThat(events("contact.created")).hasSize(250);
    JsonNode phone =
        events("contact.updated").stream()
            .filter(e -> e.path("data").path("id").asString().equals(changedA))
            .findFirst()
            .orElseThrow();
    assertThat(phone.path("data").path("phone").asString()).isEqualTo("+31 20 555 0101");
  }

  @Test
  @Order(2)
  void theSearchCeilingLosesAndRepeatsNothing() {
    // past 10,000 results a search must start again from the last time it saw; groups of seven
    // companies share a modification time, so the new window starts inside a group
    int total = HubSpotCrmFake.SEARCH_CEILING + 150;
    for (int i = 0; i < total; i++) {
      hubspot.create("companies", Map.of("name", "Co " + i), T0.plusSeconds(i / 7));
    }
    Tenant quiet = Tenants.create(hookyard, "Quiet"); // no endpoint: only the inbound topic counts
    String conn = tokenConnection(quiet);
    ApiClient.Response created =
        quiet
            .api()
            .post(
                "/api/v1/connections/" + conn + "/syncs",
                "{\"entity\":\"companies\",\"since\":\"1970-01-01T00:00:00Z\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String sync = created.body().path("id").asString();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> lastRun(quiet, sync).path("status").asString().equals("succeeded"));
    List<String> reported =
        InboundTopic.all(hookyard.kafkaBootstrapServers()).stream()
            .filter(r -> r.tenantId().value().equals(quiet.id()))
            .map(r -> r.dedupKey())
            .toList();
    assertThat(reported).hasSize(total);
    assertThat(new HashSet<>(reported)).hasSize(total);
    assertThat(lastRun(quiet, sync).path("records").asLong()).isEqualTo(total);
  }

  @Test
  @Order(2)
  void throttlingAndABadGatewaySlowARunAndFailNothing() {
    hubspot.privateAppToken("pat-small-plan", 3);
    Tenant small = Tenants.create(hookyard, "Small");
    ApiClient.Response conn =
        small
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"pat-small-plan\"}}");
    // four pages of search in quick succession against a limit of three per 10 s
    for (int i = 0; i < 350; i++) {
      hubspot.create("deals", Map.of("dealname", "Deal " + i), T0.minusSeconds(1000 + i));
    }
    int before = hubspot.throttled();
    hubspot.throttleNext(2);
    hubspot.failNext(1); // then a 502: the page is tried again within the run
    ApiClient.Response created =
        small
            .api()
            .post(
                "/api/v1/connections/" + conn.body().path("id").asString() + "/syncs",
                "{\"entity\":\"deals\",\"since\":\"1970-01-01T00:00:00Z\"}");
    String sync = created.body().path("id").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lastRun(small, sync).path("status").asString().equals("succeeded"));
    assertThat(hubspot.throttled() - before).as("429s the fake answered").isEqualTo(2);
    JsonNode run = lastRun(small, sync);
    assertThat(run.path("records").asLong()).isEqualTo(350);
    // four searches at three per 10 s: the quota headers hold the fourth back, no 429 needed
    assertThat(
            Duration.between(
                Instant.parse(run.path("started_at").asString()),
                Instant.parse(run.path("finished_at").asString())))
        .isGreaterThan(Duration.ofSeconds(9));
    JsonNode runs = small.api().get("/api/v1/syncs/" + sync + "/runs").body().path("data");
    runs.forEach(
        r -> assertThat(r.path("status").asString()).as(r.toString()).isIn("succeeded", "running"));
    JsonNode view = small.api().get("/api/v1/syncs/" + sync).body();
    assertThat(view.path("errors").asLong()).isZero();
  }

  @Test
  @Order(3)
  void aSyncCreatedWithoutSinceReportsOnlyLaterChanges() {
    hubspot.create("deals", Map.of("dealname", "Old deal", "amount", "100"), T0);
    String sync = sync("deals", connection, null);
    // the silent baseline must be done before the later change exists, however busy the machine
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lastRun(acme, sync).path("status").asString().equals("succeeded"));
    String fresh =
        hubspot.create(
            "deals",
            Map.of("dealname", "Big deal", "amount", "4200.5"),
            Instant.now().plusSeconds(1));
    runNow(sync);
    await().atMost(Duration.ofSeconds(90)).until(() -> events("deal.created").size() >= 1);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(events("deal.created")).hasSize(1);
    JsonNode deal = events("deal.created").get(0);
    assertThat(deal.path("data").path("id").asString()).isEqualTo(fresh);
    assertThat(deal.path("data").path("amount").asDouble()).isEqualTo(4200.5);
    assertThat(deal.path("data").path("name").asString()).isEqualTo("Big deal");
  }

  @Test
  @Order(6)
  void theSyncsFieldMappingAppliesAsForWebhooks() throws IOException {
    Tenant mapped = Tenants.create(hookyard, "Mapped Co");
    try (LoopbackReceiver own = new LoopbackReceiver()) {
      mapped
          .api()
          .post(
              "/api/v1/endpoints",
              "{\"url\":\"" + own.url() + "\",\"event_types\":[\"contact.*\"]}");
      String conn = tokenConnection(mapped);
      Instant since = Instant.now();
      String sync =
          mapped
              .api()
              .post(
                  "/api/v1/connections/" + conn + "/syncs",
                  "{\"entity\":\"contacts\",\"since\":\""
                      + since
                      + "\",\"settings\":{\"properties\":\"lifecyclestage\"}}")
              .body()
              .path("id")
              .asString();
      ApiClient.Response bad =
          mapped.api().put("/api/v1/syncs/" + sync + "/mapping", "{\"expression\":\"{ stage: \"}");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.errorField()).isEqualTo("expression");
      ApiClient.Response put =
          mapped
              .api()
              .put(
                  "/api/v1/syncs/" + sync + "/mapping",
                  "{\"expression\":\"{\\\"stage\\\": properties.lifecyclestage}\"}");
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
      assertThat(
              mapped
                  .api()
                  .get("/api/v1/syncs/" + sync + "/mapping")
                  .body()
                  .path("expression")
                  .asString())
          .contains("lifecyclestage");
      assertThat(acme.api().get("/api/v1/syncs/" + sync + "/mapping").status()).isEqualTo(404);

      hubspot.create(
          "contacts",
          Map.of("email", "mapped@example.com", "lifecyclestage", "customer"),
          since.plusSeconds(1));
      mapped.api().post("/api/v1/syncs/" + sync + "/run", "{}");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ReceivedEvents.of(own, "contact.created").size() == 1);
      JsonNode data = ReceivedEvents.of(own, "contact.created").get(0).path("data");
      assertThat(data.path("stage").asString()).isEqualTo("customer");
      assertThat(data.path("email").asString()).isEqualTo("mapped@example.com");
    }
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    // the contacts sync also reports what the other tests added to the shared fake: let its
    // 10-s runs find all of it first
    int[] seen = {-1};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(12))
        .until(
            () -> {
              int now = receiver.received().size();
              boolean quiet = now == seen[0];
              seen[0] = now;
              return quiet;
            });
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
    assertThat(receiver.received()).hasSize(before);
  }
}
