package io.hookyard.bench;

import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What an endpoint's JSONata filter and transform cost per event (com.dashjoin:jsonata through
 * {@link JsonataExpression}, as routing runs them), against the least any per-endpoint body work
 * costs: reading the event's JSON and writing it again with Jackson. One thread, after a warm-up;
 * the median of five rounds. Run by {@code bench/jsonata.sh}.
 */
public final class JsonataBenchmark {
  private static final byte[] EVENT =
      ("{\"webhook_id\":\"msg_1\",\"event_type\":\"invoice.paid\",\"timestamp\":"
              + "\"2026-11-30T10:00:00Z\",\"tenant_id\":\"ten_1\",\"data\":{\"id\":\"inv_42\","
              + "\"customer_id\":\"cus_9\",\"amount\":4200,\"currency\":\"EUR\",\"lines\":["
              + "{\"sku\":\"a\",\"qty\":1,\"price\":1200},{\"sku\":\"b\",\"qty\":2,\"price\":1500}],"
              + "\"properties\":{\"account_manager\":\"Ann\",\"region\":\"EU\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  private JsonataBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    JsonataExpression filter =
        JsonataExpression.compile("data.amount > 1000 and data.currency = 'EUR'");
    JsonataExpression transform =
        JsonataExpression.compile(
            "{\"invoice\": data.id, \"total\": data.amount / 100, \"skus\": data.lines.sku,"
                + " \"manager\": data.properties.account_manager}");
    double baseline = rate(n, e -> Json.write(Json.mapper().readValue(e, Map.class)).length);
    double filtering = rate(n, e -> filter.test(e) ? 1 : 0);
    double transforming = rate(n, e -> transform.apply(e).map(b -> b.length).orElse(0));
    System.out.println("| per event, one thread | evaluations/s | against read + write |");
    System.out.println("| --- | ---: | ---: |");
    System.out.printf(
        Locale.ROOT, "| Jackson read + write (baseline) | %.0f | 1.00× |%n", baseline);
    System.out.printf(
        Locale.ROOT,
        "| filter `data.amount > 1000 and data.currency = 'EUR'` | %.0f | %.2f× |%n",
        filtering,
        filtering / baseline);
    System.out.printf(
        Locale.ROOT,
        "| transform to a 4-field object | %.0f | %.2f× |%n",
        transforming,
        transforming / baseline);
  }

  /** Evaluations per second: the median of five timed rounds after two warm-up rounds. */
  private static double rate(int n, ToIntFunction<byte[]> work) {
    long sink = 0;
    double[] rounds = new double[5];
    for (int round = -2; round < rounds.length; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += work.applyAsInt(EVENT);
      }
      double perSecond = n / ((System.nanoTime() - start) / 1e9);
      if (round >= 0) {
        rounds[round] = perSecond;
      }
    }
    if (sink == 42) {
      System.out.println("(unlikely)");
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
