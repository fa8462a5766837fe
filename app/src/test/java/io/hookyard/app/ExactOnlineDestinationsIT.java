package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.exactonline.ExactConnections;
import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online destinations end to end against one embedded Hookyard and a loopback Exact Online:
 * {@code upsert_account} finds by code and then creates or updates, {@code create_sales_invoice}
 * checks the invoice's own number before creating, so a create whose answer was lost is not
 * repeated; a spent minute is waited out, a 401 refreshes the single-use token chain once, and
 * Exact's refusal is dead-lettered after one attempt in our words. Each test has its own tenant and
 * connection; the fake's minute is compressed to 5 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactOnlineDestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String ACCOUNTS = "/api/v1/" + ExactOnlineFake.DIVISION + "/crm/Accounts";
  private static final String INVOICES =
      "/api/v1/" + ExactOnlineFake.DIVISION + "/salesinvoice/SalesInvoices";

  private ExactOnlineFake exact;
  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    exact = new ExactOnlineFake();
    exact.minute(Duration.ofSeconds(5));
    List<String> settings = new ArrayList<>(ExactConnections.settings(exact));
    settings.add("--hookyard.destinations.timeout=PT2S");
    settings.add("--hookyard.dispatch.throttle-floor=PT1S");
    hookyard = RunningHookyard.start(dataDir, settings.toArray(String[]::new));
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    exact.close();
  }

  /** A tenant with an authorized connection and one destination of {@code action}. */
  private record Scenario(ApiClient api, String connection, String endpoint) {}

  private Scenario scenario(String action, String settings, String eventTypes) {
    ApiClient api = DispatchScenario.tenant(hookyard);
    String connection = ExactConnections.authorized(hookyard, new Tenant("t", api), "");
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"type\":\"exact-online\",\"connection_id\":\""
                + connection
                + "\",\"action\":\""
                + action
                + "\",\"settings\":"
                + settings
                + ",\"retry_schedule\":[\"PT1S\",\"PT1S\"],\"event_types\":"
                + eventTypes
                + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new Scenario(api, connection, created.body().path("id").asString());
  }

  private static void publish(ApiClient api, String type, Map<String, Object> data) {
    ApiClient.Response published =
        api.post(
            "/api/v1/events",
            Json.writeString(
                Map.of("type", type, "subject", String.valueOf(data.get("id")), "data", data)));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
  }

  private static List<JsonNode> awaitAttempts(Scenario s, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(s.api(), s.endpoint()).size() >= n);
    return DispatchScenario.attempts(s.api(), s.endpoint());
  }

  private String customer() {
    String id = UUID.randomUUID().toString();
    exact.put("Accounts", id, Map.of("Code", "C" + id.substring(0, 6), "Name", "Customer " + id));
    return id;
  }

  private static Map<String, Object> invoice(String number, String customer, long cents) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", "inv_" + number);
    data.put("number", number);
    data.put("customer_id", customer);
    data.put("amount", cents);
    data.put("currency", "EUR");
    return data;
  }

  @Test
  void upsertAccountFindsByCodeThenCreatesOrUpdates() {
    Scenario s = scenario("upsert_account", "{}", "[\"company.created\",\"company.updated\"]");
    String code = "U" + UUID.randomUUID().toString().substring(0, 8);
    publish(
        s.api(),
        "company.created",
        Map.of("id", "co_1", "code", code, "name", "O'Brien BV", "email", "info@obrien.example"));
    JsonNode created = awaitAttempts(s, 1).get(0);
    assertThat(created.path("status").asString()).isEqualTo("succeeded");
    assertThat(created.path("status_code").asInt()).isEqualTo(201);
    List<Map<String, Object>> found = exact.find("Accounts", "Code", code);
    assertThat(found).hasSize(1);
    String id = (String) found.get(0).get("ID");
    assertThat(created.path("vendor_object_id").asString()).isEqualTo(id);
    ExactOnlineFake.Call lookup =
        exact.calls("GET", "/crm/Accounts").stream()
            .filter(c -> c.query().contains(code))
            .findFirst()
            .orElseThrow();
    assertThat(lookup.query())
        .isEqualTo("$filter=trim(Code)%20eq%20%27" + code + "%27&$select=ID,Code,Name");
    assertThat(lookup.authorization()).startsWith("Bearer exact-access-");
    ExactOnlineFake.Call post =
        exact.calls("POST", "/crm/Accounts").stream()
            .filter(c -> c.body().contains(code))
            .findFirst()
            .orElseThrow();
    assertThat(post.path()).isEqualTo(ACCOUNTS);
    assertThat(post.json().path("Name").asString()).isEqualTo("O'Brien BV");
    assertThat(post.json().path("Status").asString()).isEqualTo("C");

    publish(
        s.api(), "company.updated", Map.of("id", "co_1", "code", code, "name", "O'Brien Holding"));
    JsonNode updated = awaitAttempts(s, 2).get(0);
    assertThat(updated.path("status").asString()).isEqualTo("succeeded");
    assertThat(updated.path("status_code").asInt()).isEqualTo(204);
    assertThat(updated.path("vendor_object_id").asString()).isEqualTo(id);
    assertThat(exact.calls("PUT", ACCOUNTS + "(guid'" + id + "')")).hasSize(1);
    assertThat(exact.find("Accounts", "Code", code))
        .singleElement()
        .satisfies(a -> assertThat(a.get("Name")).isEqualTo("O'Brien Holding"));
  }

  @Test
  void aSalesInvoiceIsCreatedWithItsLinesAndTheAttemptNamesIt() {
    Scenario s =
        scenario(
            "create_sales_invoice",
            "{\"item\":\"4b1f0000-0000-0000-0000-00000000000a\",\"journal\":\"71\"}",
            "[\"invoice.created\"]");
    String customer = customer();
    String number = "HY-" + UUID.randomUUID().toString().substring(0, 8);
    publish(s.api(), "invoice.created", invoice(number, customer, 4200));
    JsonNode attempt = awaitAttempts(s, 1).get(0);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    List<Map<String, Object>> invoices = exact.find("SalesInvoices", "YourRef", number);
    assertThat(invoices).hasSize(1);
    assertThat(attempt.path("vendor_object_id").asString())
        .isEqualTo(invoices.get(0).get("InvoiceID"));
    ExactOnlineFake.Call lookup =
        exact.calls("GET", "/salesinvoice/SalesInvoices").stream()
            .filter(c -> c.query().contains(number))
            .findFirst()
            .orElseThrow();
    assertThat(lookup.query())
        .isEqualTo(
            "$filter=YourRef%20eq%20%27" + number + "%27&$select=InvoiceID,InvoiceNumber,YourRef");
    JsonNode body =
        exact.calls("POST", INVOICES).stream()
            .filter(c -> c.body().contains(number))
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(body.path("OrderedBy").asString()).isEqualTo(customer);
    assertThat(body.path("Journal").asString()).isEqualTo("71");
    assertThat(body.path("YourRef").asString()).isEqualTo(number);
    JsonNode line = body.path("SalesInvoiceLines").path(0);
    assertThat(line.path("Item").asString()).isEqualTo("4b1f0000-0000-0000-0000-00000000000a");
    assertThat(line.path("Quantity").asInt()).isEqualTo(1);
    assertThat(line.path("UnitPrice").decimalValue()).isEqualByComparingTo("42.00");
  }

  @Test
  void aCreateWhoseAnswerWasLostIsNotRepeated() {
    Scenario s = scenario("create_sales_invoice", "{}", "[\"invoice.created\"]");
    String customer = customer();
    String number = "HY-" + UUID.randomUUID().toString().substring(0, 8);
    exact.dropNextAnswer("POST");
    publish(s.api(), "invoice.created", invoice(number, customer, 1000));
    await()
        .atMost(WAIT)
        .until(
            () ->
                DispatchScenario.attempts(s.api(), s.endpoint()).stream()
                    .anyMatch(a -> a.path("status").asString().equals("succeeded")));
    List<JsonNode> attempts = DispatchScenario.attempts(s.api(), s.endpoint());
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(1).path("status").asString()).isEqualTo("failed");
    List<Map<String, Object>> invoices = exact.find("SalesInvoices", "YourRef", number);
    assertThat(invoices).as("one invoice, though the create was tried twice").hasSize(1);
    assertThat(attempts.get(0).path("vendor_object_id").asString())
        .isEqualTo(invoices.get(0).get("InvoiceID"));
    assertThat(exact.calls("POST", INVOICES).stream().filter(c -> c.body().contains(number)))
        .hasSize(1);
  }

  @Test
  void aSpentMinuteIsWaitedOutWithoutAFailedAttempt() {
    Scenario s = scenario("upsert_account", "{}", "[\"company.created\"]");
    int before = exact.throttled();
    exact.spendMinute();
    String code = "T" + UUID.randomUUID().toString().substring(0, 8);
    publish(s.api(), "company.created", Map.of("id", "co_t", "code", code, "name", "Throttled"));
    List<JsonNode> attempts = awaitAttempts(s, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt())
        .as("the wait was the same try")
        .isEqualTo(1);
    assertThat(exact.throttled()).isGreaterThan(before);
    assertThat(exact.find("Accounts", "Code", code)).hasSize(1);
    assertThat(DispatchScenario.deadLetters(s.api(), s.endpoint())).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefreshedOnceAfterA401() {
    Scenario s = scenario("upsert_account", "{}", "[\"company.created\"]");
    String code = "R" + UUID.randomUUID().toString().substring(0, 8);
    publish(s.api(), "company.created", Map.of("id", "co_r0", "code", code, "name", "Before"));
    awaitAttempts(s, 1);
    int refreshes = exact.oauth().refreshes();
    exact.oauth().expireAccessTokens();
    publish(s.api(), "company.created", Map.of("id", "co_r1", "code", code, "name", "After"));
    List<JsonNode> attempts = awaitAttempts(s, 2);
    assertThat(attempts).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(exact.oauth().refreshes() - refreshes).isEqualTo(1);
    assertThat(exact.oauth().refusedRefreshes()).isZero();
    assertThat(exact.find("Accounts", "Code", code))
        .singleElement()
        .satisfies(a -> assertThat(a.get("Name")).isEqualTo("After"));
    JsonNode connection = s.api().get("/api/v1/connections/" + s.connection()).body();
    assertThat(connection.path("status").asString()).isEqualTo("connected");
  }

  @Test
  void exactsRefusalIsDeadLetteredAfterOneAttemptInOurWords() throws InterruptedException {
    Scenario s = scenario("create_sales_invoice", "{}", "[\"invoice.created\"]");
    String number = "HY-" + UUID.randomUUID().toString().substring(0, 8);
    String nobody = UUID.randomUUID().toString();
    publish(s.api(), "invoice.created", invoice(number, nobody, 500));
    await()
        .atMost(WAIT)
        .until(() -> DispatchScenario.deadLetters(s.api(), s.endpoint()).size() == 1);
    Thread.sleep(2_000); // the schedule would have retried after 1 s
    List<JsonNode> attempts = DispatchScenario.attempts(s.api(), s.endpoint());
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("failed");
    assertThat(attempts.get(0).path("status_code").asInt()).isEqualTo(400);
    assertThat(attempts.get(0).path("error").asString())
        .isEqualTo(
            "http_400: Exact Online refused the sales invoice: Ordered by: Account does not"
                + " exist: "
                + nobody);
    assertThat(exact.calls("POST", INVOICES).stream().filter(c -> c.body().contains(number)))
        .hasSize(1);
  }
}
