package io.hookyard.bench;

import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.vendor.exactonline.ExactConnections;
import io.hookyard.app.support.vendor.exactonline.ExactOAuth;
import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Not a test: {@link SyncBenchmark}'s changes/s rounds against the loopback Exact Online fake
 * ({@code bench/syncs.sh exact-online}). On the embedded broker with the ingest and control roles:
 *
 * <ul>
 *   <li><b>Hookyard</b>: a new {@code accounts} sync's initial load of N accounts (the sync API,
 *       {@code sync/CRM/Accounts}, 1,000 a page linked by {@code $skiptoken}), timed from creating
 *       the sync until all N changes are committed on {@code hookyard.inbound.raw};
 *   <li><b>bare loop</b>: the same sync API paged with the JDK's HTTP client (same {@code $select},
 *       {@code $filter=Timestamp gt 0L}, following {@code d.__next}), each row produced with a
 *       plain {@code acks=all} producer, flushed at the end; in alternating rounds.
 * </ul>
 *
 * Exact allows 60 calls a minute per division, which would cap both sides at 1,000 changes/s and
 * measure Exact's quota rather than Hookyard: here the fake's minute and daily limits are raised
 * out of the way and the connection's budget too ({@code requests_per_10s: 1000000}), for both
 * sides alike. Access tokens live an hour instead of 10 minutes, so the bare loop's one token lasts
 * the run. Hookyard also reads {@code sync/Deleted} once at the end of each load; the bare loop
 * does not. Arguments: {@code [records=20000] [rounds=3]}.
 */
public final class ExactOnlineSyncBenchmark {
  /** The poller's {@code $select} for accounts ({@code ExactOnlinePoller.ENTITIES}). */
  static final String SELECT =
      "ID,Code,Name,Email,Phone,Website,AddressLine1,City,Postcode,Country,Status,"
          + "VATNumber,ChamberOfCommerce,Created,Modified,Timestamp";

  private ExactOnlineSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dataDir = Files.createTempDirectory("hookyard-bench");
    try (ExactOnlineFake exact = new ExactOnlineFake()) {
      exact.perMinute(Integer.MAX_VALUE);
      exact.dailyLimit(Integer.MAX_VALUE);
      exact.oauth().accessTokenLifetime(Duration.ofHours(1));
      for (int i = 0; i < records; i++) {
        exact.put(
            "Accounts",
            String.format("00000000-0000-0000-0000-%012d", i),
            Map.of(
                "Code", "" + (100_000 + i),
                "Name", "Company " + i,
                "Email", "info@co" + i + ".example",
                "Website", "https://www.co" + i + ".example/",
                "City", "Delft",
                "Status", "C"));
      }
      List<String> settings = new ArrayList<>(ExactConnections.settings(exact));
      settings.add("--hookyard.roles=ingest,control");
      settings.add("--logging.level.io.hookyard=WARN");
      try (RunningHookyard hookyard =
          RunningHookyard.start(dataDir, settings.toArray(String[]::new))) {
        Tenants.Tenant tenant = Tenants.create(hookyard, "bench");
        String conn =
            ExactConnections.authorized(hookyard, tenant, ",\"requests_per_10s\":1000000");
        String bootstrap = hookyard.kafkaBootstrapServers();
        SyncBenchmark.bareTopic(bootstrap);
        String token = token(exact.baseUrl());
        double best = 0;
        for (int round = 1; round <= rounds; round++) {
          double bare = bare(exact.baseUrl(), token, bootstrap, records);
          double ours = SyncBenchmark.hookyard(tenant.api(), conn, "accounts", bootstrap, records);
          best = Math.max(best, ours / bare);
          System.out.printf(
              "round %d: bare loop %.0f changes/s, Hookyard %.0f changes/s, ratio %.2f%n",
              round, bare, ours, ours / bare);
        }
        System.out.printf(
            "best ratio %.2f (%d accounts, %d pages each; %d calls to the fake)%n",
            best, records, (records + 999) / 1000, exact.calls().size());
      }
    }
  }

  /** An access token for the bare loop, from the authorization-code grant. */
  private static String token(String base) throws Exception {
    String form =
        "grant_type=authorization_code&code="
            + ExactOAuth.CODE
            + "&client_id="
            + ExactOAuth.CLIENT_ID
            + "&client_secret="
            + ExactOAuth.CLIENT_SECRET
            + "&redirect_uri="
            + enc("http://127.0.0.1/bench");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return Json.tree(response.body().getBytes(StandardCharsets.UTF_8))
        .path("access_token")
        .asString();
  }

  /** Pages the same sync API and produces every row, as plainly as it can be done. */
  private static double bare(String base, String token, String bootstrap, int records)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    long start = System.nanoTime();
    int sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      String url =
          base
              + "/api/v1/"
              + ExactOnlineFake.DIVISION
              + "/sync/CRM/Accounts?$select="
              + SELECT
              + "&$filter="
              + enc("Timestamp gt 0L");
      do {
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("Exact fake answered " + response.statusCode());
        }
        JsonNode d = Json.tree(response.body()).path("d");
        for (JsonNode row : d.path("results")) {
          producer.send(
              new ProducerRecord<>(
                  SyncBenchmark.BARE_TOPIC, row.path("ID").asString(), Json.write(row)));
          sent++;
        }
        url = d.path("__next").asString(null);
      } while (url != null && sent < records);
      producer.flush();
    }
    return sent / ((System.nanoTime() - start) / 1e9);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
