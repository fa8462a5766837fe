package io.hookyard.dispatch.vendor.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

  @Test
  void methodUrlTemplateHeadersAndTheBodyFromTheSettingsAndTheDelivery() {
    StubCall call = new StubCall().answer(200, "{\"id\":\"ord_9\"}");
    Result result =
        new HttpRequest()
            .perform(
                StubCall.event(
                    "invoice.paid",
                    "{\"id\":\"inv 42/a\"}",
                    Map.of(
                        "method", "put",
                        "url", "https://api.example.com/invoices/{data.id}",
                        "headers", Map.of("X-Env", "prod"))),
                call)
            .block();
    var sent = call.sent().get(0);
    assertThat(sent.method()).isEqualTo("PUT");
    assertThat(sent.url().toString()).isEqualTo("https://api.example.com/invoices/inv%2042%2Fa");
    assertThat(sent.headers())
        .containsEntry("X-Env", "prod")
        .containsEntry("Idempotency-Key", "msg_1");
    assertThat(sent.bearer()).isTrue();
    assertThat(call.body(0).path("data").path("id").asString()).isEqualTo("inv 42/a");
    assertThat(((Result.Done) result).objectId()).isEqualTo("ord_9");
  }

  @Test
  void answersAreClassified() {
    Map<String, Object> settings = Map.of("url", "https://api.example.com/x");
    assertThat(
            new HttpRequest()
                .perform(StubCall.event("a.b", "{}", settings), new StubCall().answer(422, "{}"))
                .block())
        .isInstanceOf(Result.Refused.class);
    assertThat(
            new HttpRequest()
                .perform(StubCall.event("a.b", "{}", settings), new StubCall().answer(503, ""))
                .block())
        .isInstanceOf(Result.Retry.class);
    assertThat(
            new HttpRequest()
                .perform(StubCall.event("a.b", "{}", settings), new StubCall().noAnswer("timeout"))
                .block())
        .isInstanceOf(Result.Retry.class);
    assertThat(
            new HttpRequest()
                .perform(StubCall.event("a.b", "{}", settings), new StubCall().answer(429, ""))
                .block())
        .isInstanceOf(Result.Throttled.class);
  }
}
