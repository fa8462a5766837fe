package io.hookyard.app;

import static io.hookyard.app.support.ReceivedEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.exactonline.ExactConnections;
import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online syncs end to end against one embedded Hookyard and a loopback Exact Online (sync
 * API, {@code sync/Deleted}, OAuth with single-use refresh tokens, per-minute limits): an initial
 * load over {@code $skiptoken} pages, then changes and deletions exactly once, a spent minute (429)
 * that fails nothing, contacts and sales invoices as catalog events, a full resync that reports
 * only real differences (Exact's row versions never expire, so only the schedule starts one), and a
 * restart that repeats nothing. The fake's minute is compressed to 5 s so a spent one passes
 * quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExactOnlineSyncIT {
  private static final Duration RUN = Duration.ofSeconds(60);

  private Path dataDir;
  private ExactOnlineFake exact;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private SyncApi syncs;
  private String apiKey;
  private String connection;
  private String accounts;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    exact = new ExactOnlineFake();
    exact.minute(Duration.ofSeconds(5));
    exact.pageSize(10);
    receiver = new LoopbackReceiver();
    hookyard = boot();
    Tenant acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response endpoint =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"rate_limit_per_minute\":60000}");
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    connection = ExactConnections.authorized(hookyard, acme, "");
    apiKey = acme.api().key();
    syncs = new SyncApi(acme.api());
  }

  private RunningHookyard boot() {
    List<String> settings = new ArrayList<>(ExactConnections.settings(exact));
    settings.add("--hookyard.syncs.throttle-wait=1s");
    return RunningHookyard.start(dataDir, settings.toArray(String[]::new));
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    exact.close();
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static String account(int i) {
    return String.format("00000000-0000-0000-0000-%012d", i);
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  @Test
  @Order(1)
  void anInitialLoadOverSeveralPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 25; i++) {
      exact.put(
          "Accounts",
          account(i),
          Map.of(
              "Code", "" + (10000 + i),
              "Name", "Company " + i,
              "Website", "https://www.co" + i + ".example/",
              "Status", "C"));
    }
    exact.delete("Accounts", account(24)); // gone before the sync: never reported
    accounts =
        syncs.create(
            connection,
            "{\"entity\":\"accounts\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\"}");

    await().atMost(RUN).until(() -> events("company.created").size() >= 24);
    settle();
    List<JsonNode> created = events("company.created");
    assertThat(created).hasSize(24);
    assertThat(ids(created)).hasSize(24).doesNotContain(account(24));
    JsonNode a7 =
        created.stream()
            .filter(e -> e.path("data").path("id").asString().equals(account(7)))
            .findFirst()
            .orElseThrow();
    assertThat(a7.path("data").path("name").asString()).isEqualTo("Company 7");
    assertThat(a7.path("data").path("code").asString()).isEqualTo("10007");
    assertThat(a7.path("data").path("domain").asString()).isEqualTo("co7.example");
    assertThat(a7.path("data").path("source").path("sync_id").asString()).isEqualTo(accounts);
    assertThat(exact.calls("GET", "/sync/CRM/Accounts"))
        .as("three pages of ten, the later ones by $skiptoken")
        .hasSizeGreaterThanOrEqualTo(3)
        .anySatisfy(c -> assertThat(c.query()).contains("$skiptoken="))
        .allSatisfy(c -> assertThat(c.query()).doesNotContain("$skip=").doesNotContain("$expand"));

    exact.put("Accounts", account(3), Map.of("Phone", "555-9999"));
    exact.put("Accounts", account(20), Map.of("Name", "Renamed 20"));
    exact.delete("Accounts", account(10));
    exact.delete("Accounts", account(11));
    exact.put("Accounts", account(200), Map.of("Code", "10200", "Name", "New Co"));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("incremental");
    assertThat(run.path("records").asLong()).isEqualTo(5);
    assertThat(syncs.runAndWait(accounts, RUN).path("records").asLong()).isZero();
    settle();
    assertThat(ids(events("company.updated"))).containsExactlyInAnyOrder(account(3), account(20));
    assertThat(events("company.updated")).hasSize(2);
    assertThat(ids(events("company.deleted"))).containsExactlyInAnyOrder(account(10), account(11));
    assertThat(events("company.deleted")).hasSize(2);
    assertThat(events("company.created")).hasSize(25);
    assertThat(exact.calls("GET", "/sync/Deleted"))
        .allSatisfy(c -> assertThat(c.query()).contains("EntityType%20eq%202"));
  }

  @Test
  @Order(2)
  void aSpentMinuteSlowsTheRunAndFailsNothing() {
    int before = exact.throttled();
    exact.put("Accounts", account(5), Map.of("Name", "Throttled"));
    exact.spendMinute();
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(exact.throttled()).isGreaterThan(before);
    await().atMost(RUN).until(() -> ids(events("company.updated")).contains(account(5)));
    assertThat(syncs.finished(accounts))
        .allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("succeeded"));
  }

  @Test
  @Order(3)
  void contactsAndSalesInvoicesAreContactsAndInvoices() {
    exact.put(
        "Contacts",
        "c0000000-0000-0000-0000-000000000001",
        Map.of(
            "FirstName", "Anna",
            "LastName", "de Vries",
            "Email", "anna@co1.example",
            "Account", account(1)));
    exact.put(
        "SalesInvoices",
        "10000000-0000-0000-0000-000000000001",
        Map.of(
            "OrderedBy", account(1),
            "AmountDC", 1499.99,
            "Currency", "EUR",
            "YourRef", "HUB-1",
            "DueDate", "/Date(1796083200000)/"));
    String since = ",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\"}";
    syncs.create(connection, "{\"entity\":\"contacts\"" + since);
    syncs.create(connection, "{\"entity\":\"sales_invoices\"" + since);
    await()
        .atMost(RUN)
        .until(() -> !events("contact.created").isEmpty() && !events("invoice.created").isEmpty());
    settle();
    JsonNode contact = events("contact.created").get(0).path("data");
    assertThat(contact.path("email").asString()).isEqualTo("anna@co1.example");
    assertThat(contact.path("last_name").asString()).isEqualTo("de Vries");
    assertThat(contact.path("company_id").asString()).isEqualTo(account(1));
    JsonNode invoice = events("invoice.created").get(0).path("data");
    assertThat(invoice.path("id").asString()).isEqualTo("10000000-0000-0000-0000-000000000001");
    assertThat(invoice.path("amount").asLong()).isEqualTo(149999);
    assertThat(invoice.path("currency").asString()).isEqualTo("EUR");
    assertThat(invoice.path("customer_id").asString()).isEqualTo(account(1));
    assertThat(invoice.path("due_date").asString()).isEqualTo("2026-12-01");
    assertThat(events("contact.created")).hasSize(1);
    assertThat(events("invoice.created")).hasSize(1);
  }

  @Test
  @Order(4)
  void aFullResyncReportsOnlyWhatDiffers() {
    int updated = events("company.updated").size();
    int deleted = events("company.deleted").size();
    int created = events("company.created").size();
    ApiClient.Response patched =
        new ApiClient(hookyard.baseUrl(), apiKey)
            .patch("/api/v1/syncs/" + accounts, "{\"full_resync\":\"PT30S\"}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    exact.put("Accounts", account(6), Map.of("Name", "Before the resync"));
    exact.delete("Accounts", account(8));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(5))
        .until(() -> syncs.runAndWait(accounts, RUN).path("kind").asString().equals("full_resync"));
    settle();
    assertThat(events("company.updated").subList(updated, events("company.updated").size()))
        .extracting(e -> e.path("data").path("id").asString())
        .containsExactly(account(6));
    assertThat(events("company.deleted").subList(deleted, events("company.deleted").size()))
        .extracting(e -> e.path("data").path("id").asString())
        .containsExactly(account(8));
    assertThat(events("company.created")).hasSize(created);
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    syncs = new SyncApi(new ApiClient(hookyard.baseUrl(), apiKey));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isZero();
    settle();
    assertThat(receiver.received()).hasSize(before);
  }
}
