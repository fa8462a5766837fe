package io.hookyard.dispatch.vendor.msgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendMailTest {
  private static final Map<String, Object> FROM = Map.of("from", "alerts@contoso.example");

  private static Action.Response answer(Integer status, String error) {
    return new Action.Response(status, Map.of(), "", error, null, Duration.ZERO);
  }

  @Test
  void onlyWhatProvablyDidNotReachGraphIsTriedAgain() {
    assertThat(SendMail.classify(answer(null, "connection_refused")))
        .isInstanceOf(Result.Retry.class);
    assertThat(SendMail.classify(answer(null, "dns_error"))).isInstanceOf(Result.Retry.class);
    assertThat(SendMail.classify(answer(429, null))).isInstanceOf(Result.Throttled.class);
    assertThat(SendMail.classify(answer(503, null))).isInstanceOf(Result.Throttled.class);
    assertThat(SendMail.classify(answer(401, null))).isInstanceOf(Result.Retry.class);
    for (Action.Response maybeSent :
        new Action.Response[] {
          answer(null, "timeout"),
          answer(null, "connection_closed"),
          answer(500, null),
          answer(504, null)
        }) {
      assertThat(SendMail.classify(maybeSent))
          .isInstanceOfSatisfying(
              Result.Refused.class,
              r -> assertThat(r.reason()).startsWith("mail_outcome_unknown: "));
    }
  }

  @Test
  void theDefaultMailGoesToTheEventsEmailAndNoRecipientIsRefusedWithoutACall() {
    StubCall call = new StubCall().answer(202, "");
    Result done =
        new SendMail()
            .perform(
                StubCall.event(
                    "user.joined", "{\"id\":\"u_1\",\"email\":\"ada@example.com\"}", FROM),
                call)
            .block();
    assertThat(done).isInstanceOf(Result.Done.class);
    assertThat(call.sent().get(0).url().toString())
        .isEqualTo("https://vendor.test/v1.0/users/alerts%40contoso.example/sendMail");
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json(
                "{\"message\":{\"subject\":\"user.joined ada@example.com\",\"body\":{\"contentType\":\"Text\","
                    + "\"content\":\"id: u_1\\nemail: ada@example.com\\n\"},"
                    + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"ada@example.com\"}}],"
                    + "\"internetMessageHeaders\":[{\"name\":\"x-hookyard-delivery\",\"value\":\"msg_1\"}]}}"));

    StubCall none = new StubCall();
    Result refused =
        new SendMail()
            .perform(StubCall.transformed("x", "{\"subject\":\"Hi\",\"body\":\"Hi\"}", FROM), none)
            .block();
    assertThat(((Result.Refused) refused).reason())
        .isEqualTo("invalid_input: no recipients (give \"to\" in the transform)");
    assertThat(none.sent()).isEmpty();
  }
}
