package io.hookyard.dispatch.vendor.teams;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostCardTest {
  private static final String URL =
      "https://prod-1.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret";

  @Test
  void theDefaultCardGoesToTheConnectionsWebhookUrlWithoutAToken() {
    StubCall call = new StubCall(Map.of("webhook_url", URL)).answer(202, "");
    Result result =
        new PostCard()
            .perform(StubCall.event("deal.won", "{\"id\":\"d_1\",\"amount\":5}", Map.of()), call)
            .block();
    assertThat(call.sent().get(0).url().toString()).isEqualTo(URL);
    assertThat(call.sent().get(0).bearer()).isFalse();
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json(
                "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\",\"contentUrl\":null,\"content\":{\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\",\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":[{\"type\":\"TextBlock\",\"text\":\"deal.won d_1\",\"wrap\":true,\"weight\":\"Bolder\",\"size\":\"Medium\"},{\"type\":\"FactSet\",\"facts\":[{\"title\":\"id\",\"value\":\"d_1\"},{\"title\":\"amount\",\"value\":\"5\"}]}]}}]}"));
    assertThat(result).isInstanceOf(Result.Done.class);
  }

  @Test
  void aTransformedCardIsWrappedAndA404IsRefused() {
    StubCall call = new StubCall(Map.of("webhook_url", URL)).answer(404, "");
    Result result =
        new PostCard()
            .perform(
                StubCall.transformed(
                    "deal.won",
                    "{\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":[]}",
                    Map.of()),
                call)
            .block();
    assertThat(call.body(0).path("attachments").path(0).path("content").path("type").asString())
        .isEqualTo("AdaptiveCard");
    assertThat(result).isInstanceOf(Result.Refused.class);
  }
}
