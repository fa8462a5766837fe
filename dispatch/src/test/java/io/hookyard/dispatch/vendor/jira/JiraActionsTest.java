package io.hookyard.dispatch.vendor.jira;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class JiraActionsTest {
  private static final Map<String, Object> OPS = Map.of("project_key", "OPS");

  /** A call through a Jira connection with no base URL configured: the host is the connection's. */
  private record Connection(StubCall stub, String authType, Map<String, String> settings)
      implements Action.Call {
    @Override
    public URI base() {
      return Jira.PER_CONNECTION;
    }

    @Override
    public String credential(String name) {
      return null;
    }

    @Override
    public String connectionSetting(String name) {
      return settings.get(name);
    }

    @Override
    public Mono<Action.Response> send(Action.Request request) {
      return stub.send(request);
    }
  }

  @Test
  void plainTextBecomesAnAdfDocOfParagraphsWithLineBreaks() {
    tools.jackson.databind.JsonNode doc =
        Json.mapper().valueToTree(Jira.adf("Deploy failed\non prod\n\nSee the log"));
    assertThat(doc)
        .isEqualTo(
            StubCall.json(
                "{\"type\":\"doc\",\"version\":1,\"content\":["
                    + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Deploy failed\"},"
                    + "{\"type\":\"hardBreak\"},{\"type\":\"text\",\"text\":\"on prod\"}]},"
                    + "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"See the log\"}]}]}"));
  }

  @Test
  void anOAuthConnectionCallsAtlassiansGatewayWithItsCloudId() {
    StubCall stub =
        new StubCall()
            .answer(200, "{\"issues\":[],\"isLast\":true}")
            .answer(201, "{\"id\":\"10000\",\"key\":\"OPS-24\"}");
    Result result =
        new CreateIssue()
            .perform(
                StubCall.event("deploy.failed", "{\"id\":\"d_1\"}", OPS),
                new Connection(
                    stub,
                    "oauth2",
                    Map.of("cloud_id", "c-1", "site_url", "https://acme.atlassian.net")))
            .block();
    assertThat(stub.sent().get(0).url().toString())
        .startsWith(
            "https://api.atlassian.com/ex/jira/c-1/rest/api/3/search/jql?jql=project%20%3D%20%22OPS%22%20AND%20labels%20%3D%20%22hookyard-msg_1%22");
    assertThat(stub.sent().get(1).url().toString())
        .isEqualTo("https://api.atlassian.com/ex/jira/c-1/rest/api/3/issue");
    assertThat(((Result.Done) result).objectId()).isEqualTo("OPS-24");
  }

  @Test
  void anApiTokenConnectionCallsItsSiteAndAMissingSettingIsRefusedWithoutACall() {
    StubCall stub = new StubCall().answer(201, "{\"id\":\"1\"}");
    new AddComment()
        .perform(
            StubCall.transformed(
                "deal.won", "{\"issue_key\":\"OPS-2\",\"body\":\"Won\"}", Map.of()),
            new Connection(stub, "basic", Map.of("site_url", "https://acme.atlassian.net/")))
        .block();
    assertThat(stub.sent().get(0).url().toString())
        .isEqualTo("https://acme.atlassian.net/rest/api/3/issue/OPS-2/comment");

    StubCall none = new StubCall();
    Result refused =
        new AddComment()
            .perform(
                StubCall.transformed(
                    "deal.won", "{\"issue_key\":\"OPS-2\",\"body\":\"Won\"}", Map.of()),
                new Connection(none, "oauth2", Map.of()))
            .block();
    assertThat(((Result.Refused) refused).reason())
        .isEqualTo("invalid_connection: the Jira connection has no settings.cloud_id");
    assertThat(none.sent()).isEmpty();
  }

  @Test
  void anIssueAnEarlierTryCreatedIsFoundAndNotCreatedAgain() {
    StubCall stub =
        new StubCall()
            .answer(200, "{\"issues\":[{\"id\":\"10000\",\"key\":\"OPS-7\"}],\"isLast\":true}");
    Result result =
        new CreateIssue()
            .perform(
                StubCall.transformed("deploy.failed", "{\"summary\":\"Deploy failed\"}", OPS), stub)
            .block();
    assertThat(stub.sent()).hasSize(1);
    assertThat(((Result.Done) result).objectId()).isEqualTo("OPS-7");
  }

  @Test
  void jirasAnswersAreReadItsWay() {
    StubCall stub = new StubCall();
    stub.answer(503, "", Map.of(), Duration.ofSeconds(5));
    Action.Response unavailable =
        stub.send(Action.Request.json("GET", URI.create("https://x"), null)).block();
    assertThat(Jira.classify(unavailable, "issue", null)).isInstanceOf(Result.Throttled.class);
    stub.answer(503, "", Map.of(), null);
    Action.Response down =
        stub.send(Action.Request.json("GET", URI.create("https://x"), null)).block();
    assertThat(Jira.classify(down, "issue", null)).isInstanceOf(Result.Retry.class);
    stub.answer(
        403,
        "{\"errorMessages\":[\"You do not have permission to create issues in this project.\"],\"errors\":{}}");
    Action.Response forbidden =
        stub.send(Action.Request.json("GET", URI.create("https://x"), null)).block();
    assertThat(((Result.Refused) Jira.classify(forbidden, "issue", null)).reason())
        .isEqualTo(
            "http_403: Jira refused the issue (the connection's account lacks the permission):"
                + " You do not have permission to create issues in this project.");
  }
}
