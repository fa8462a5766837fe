package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.kafka.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vendor destination benchmark of {@code docs/benchmarks.md}: what the action layer costs. One
 * Hookyard in embedded mode, one fast loopback receiver ({@link DispatchBenchReceiver}), E webhook
 * endpoints and E vendor destinations ({@code http} {@code request} with a static bearer token from
 * an {@code http} connection) at the same receiver. N deliveries written straight to {@code
 * hookyard.deliveries} go to the webhooks, then N to the destinations, alternating for a few rounds
 * so load from elsewhere falls on both alike; the result is the destinations' deliveries/s over the
 * webhooks' (goal ≥ 0.9×).
 *
 * <p>Run by {@code bench/destinations.sh}; arguments {@code N E} override the defaults.
 */
public final class DestinationBenchmark {
  private static final int ROUNDS = 3;

  private DestinationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path dataDir = Files.createTempDirectory("hookyard-bench");
    try (DispatchBenchReceiver receiver = new DispatchBenchReceiver();
        RunningHookyard hookyard =
            RunningHookyard.start(dataDir, "--logging.level.io.hookyard=WARN")) {
      BenchTenant.Tenant bench = BenchTenant.create(hookyard);
      ApiClient api = bench.api();
      ApiClient.Response connection =
          api.post(
              "/api/v1/connections",
              "{\"vendor\":\"http\",\"auth\":{\"access_token\":\"bench-token\"}}");
      if (connection.status() != 201) {
        throw new IllegalStateException(connection.toString());
      }
      String con = connection.body().path("id").asString();
      List<EndpointId> webhooks = new ArrayList<>();
      List<EndpointId> destinations = new ArrayList<>();
      for (int i = 0; i < endpoints; i++) {
        webhooks.add(BenchTenant.endpoint(api, receiver.url("/w/" + i), 1_000_000, "invoice.*"));
        ApiClient.Response created =
            api.post(
                "/api/v1/endpoints",
                "{\"type\":\"http\",\"connection_id\":\""
                    + con
                    + "\",\"action\":\"request\",\"event_types\":[\"invoice.*\"],"
                    + "\"rate_limit_per_minute\":1000000,\"settings\":{\"url\":\""
                    + receiver.url("/v/" + i)
                    + "\"}}");
        if (created.status() != 201) {
          throw new IllegalStateException(created.toString());
        }
        destinations.add(new EndpointId(created.body().path("id").asString()));
      }
      KafkaConnection kafka = new KafkaConnection(hookyard.kafkaBootstrapServers());
      run(receiver, kafka, bench, webhooks, "/w/", n / 4); // warm-up, not counted
      run(receiver, kafka, bench, destinations, "/v/", n / 4);
      List<Double> ratios = new ArrayList<>();
      StringBuilder rounds = new StringBuilder();
      double bestWebhook = 0;
      double bestDestination = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        double webhook = run(receiver, kafka, bench, webhooks, "/w/", n);
        double destination = run(receiver, kafka, bench, destinations, "/v/", n);
        ratios.add(destination / webhook);
        bestWebhook = Math.max(bestWebhook, webhook);
        bestDestination = Math.max(bestDestination, destination);
        rounds.append(
            String.format(
                Locale.ROOT,
                "%s%.0f / %.0f (%.2f)",
                round == 1 ? "" : ", ",
                webhook,
                destination,
                destination / webhook));
      }
      System.out.println("rounds, webhook / vendor destination deliveries/s (ratio): " + rounds);
      System.out.println("| measure | vendor destinations | webhooks | result |");
      System.out.println("| --- | --- | --- | --- |");
      System.out.printf(
          Locale.ROOT,
          "| deliveries/s, %d endpoints each, %d deliveries a round (best of %d rounds) | %.0f |"
              + " %.0f | **%.2f×** median of the rounds' ratios (goal ≥ 0.9×) |%n",
          endpoints,
          n,
          ROUNDS,
          bestDestination,
          bestWebhook,
          DispatchReadings.median(ratios));
    }
    System.exit(0);
  }

  /** Sends {@code n} deliveries to {@code to} and answers their deliveries/s at the receiver. */
  private static double run(
      DispatchBenchReceiver receiver,
      KafkaConnection kafka,
      BenchTenant.Tenant bench,
      List<EndpointId> to,
      String prefix,
      int n)
      throws InterruptedException {
    receiver.phase(prefix);
    DispatchBenchmark.send(kafka, bench.id(), to, n);
    DispatchBenchmark.await(receiver, n);
    return n / (receiver.spanNanos() / 1e9);
  }
}
