package io.hookyard.dispatch.vendor.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostMessageTest {
  private static final Map<String, Object> CHANNEL = Map.of("channel", "C123");
  private final PostMessage action = new PostMessage();

  @Test
  void theDefaultIsAReadableSummaryOfTheEvent() {
    StubCall call =
        new StubCall()
            .answer(200, "{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1503435956.000247\"}");
    Result result =
        action
            .perform(
                StubCall.event(
                    "deal.won",
                    "{\"id\":\"d_1\",\"name\":\"Acme renewal\",\"amount\":1200}",
                    CHANNEL),
                call)
            .block();
    assertThat(call.sent()).hasSize(1);
    assertThat(call.sent().get(0).method()).isEqualTo("POST");
    assertThat(call.sent().get(0).url().toString())
        .isEqualTo("https://vendor.test/api/chat.postMessage");
    assertThat(call.sent().get(0).bearer()).isTrue();
    assertThat(call.body(0).path("channel").asString()).isEqualTo("C123");
    assertThat(call.body(0).path("text").asString())
        .isEqualTo("*deal.won Acme renewal*\nid: d_1\nname: Acme renewal\namount: 1200");
    assertThat(result).isInstanceOf(Result.Done.class);
    assertThat(((Result.Done) result).objectId()).isEqualTo("C123/1503435956.000247");
  }

  @Test
  void aTransformGivesTextBlocksAndThread() {
    StubCall call = new StubCall().answer(200, "{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1.2\"}");
    action
        .perform(
            StubCall.transformed(
                "deal.won",
                "{\"text\":\"Won\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Won*\"}}],\"thread_ts\":\"1.1\"}",
                CHANNEL),
            call)
        .block();
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json(
                "{\"channel\":\"C123\",\"text\":\"Won\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Won*\"}}],\"thread_ts\":\"1.1\"}"));
  }

  @Test
  void aTransformWithNothingToPostIsRefusedWithoutACall() {
    StubCall call = new StubCall();
    Result result =
        action.perform(StubCall.transformed("deal.won", "{\"x\":1}", CHANNEL), call).block();
    assertThat(result).isInstanceOf(Result.Refused.class);
    assertThat(call.sent()).isEmpty();
  }

  @Test
  void okFalseErrorsAreRefusalsInOurWordsUnlessRetryingCanFixThem() {
    Result notFound =
        PostMessage.classify(response(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
    assertThat(notFound).isInstanceOf(Result.Refused.class);
    assertThat(((Result.Refused) notFound).reason())
        .isEqualTo("channel_not_found: the channel does not exist or the app cannot see it");
    assertThat(PostMessage.classify(response(200, "{\"ok\":false,\"error\":\"internal_error\"}")))
        .isInstanceOf(Result.Retry.class);
    assertThat(PostMessage.classify(response(200, "{\"ok\":false,\"error\":\"ratelimited\"}")))
        .isInstanceOf(Result.Throttled.class);
  }

  @Test
  void http429IsThrottlingWithItsRetryAfter() {
    StubCall call =
        new StubCall()
            .answer(
                429,
                "{\"ok\":false,\"error\":\"ratelimited\"}",
                Map.of("retry-after", "3"),
                Duration.ofSeconds(3));
    Result result = action.perform(StubCall.event("deal.won", "{}", CHANNEL), call).block();
    assertThat(result)
        .isEqualTo(
            new Result.Throttled(
                call.sent().isEmpty() ? null : ((Result.Throttled) result).last(),
                Duration.ofSeconds(3)));
    assertThat(PostMessage.classify(response(503, ""))).isInstanceOf(Result.Retry.class);
  }

  private static io.hookyard.dispatch.destination.Action.Response response(
      int status, String body) {
    return new io.hookyard.dispatch.destination.Action.Response(
        status, Map.of(), body, null, null, Duration.ZERO);
  }
}
