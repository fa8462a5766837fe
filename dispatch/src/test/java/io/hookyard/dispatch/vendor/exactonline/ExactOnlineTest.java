package io.hookyard.dispatch.vendor.exactonline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Response;
import io.hookyard.dispatch.destination.Action.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactOnlineTest {

  private static Response answer(int status, Map<String, String> headers, String body) {
    return new Response(status, headers, body, null, null, Duration.ofMillis(5));
  }

  @Test
  void exactsErrorIsARefusalInOurWords() {
    Result result =
        ExactOnline.classify(
            answer(
                400,
                Map.of(),
                "{\"error\":{\"code\":\"\",\"message\":{\"lang\":\"\",\"value\":\"Mandatory: Name\"}}}"),
            "account",
            null);
    assertThat(result)
        .isEqualTo(
            new Result.Refused(
                ((Result.Refused) result).last(),
                "http_400: Exact Online refused the account: Mandatory: Name"));
  }

  @Test
  void a429WaitsForTheMinutelyResetAnd5xxAnd401AreTriedAgain() {
    long reset = Instant.now().plusSeconds(30).toEpochMilli();
    Result throttled =
        ExactOnline.classify(
            answer(429, Map.of("x-ratelimit-minutely-reset", Long.toString(reset)), ""),
            "account",
            null);
    assertThat(throttled).isInstanceOf(Result.Throttled.class);
    assertThat(((Result.Throttled) throttled).after())
        .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    assertThat(ExactOnline.classify(answer(503, Map.of(), ""), "account", null))
        .isInstanceOf(Result.Retry.class);
    assertThat(ExactOnline.classify(answer(401, Map.of(), ""), "account", null))
        .isInstanceOf(Result.Retry.class);
    assertThat(ExactOnline.classify(answer(201, Map.of(), "{}"), "account", "id-1"))
        .isEqualTo(new Result.Done(answer(201, Map.of(), "{}"), "id-1"));
  }

  @Test
  void odataLiteralsDoubleTheirQuotes() {
    assertThat(ExactOnline.literal("O'Brien BV")).isEqualTo("%27O%27%27Brien%20BV%27");
  }
}
