package io.hookyard.control.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A vendor destination's fields, checked one by one: each refusal names its field. */
class EndpointRequestDestinationTest {
  private static final String CON = ConnectionId.next().value();
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void aSlackDestinationKeepsItsConnectionActionAndSettingsAndHasNoUrl() {
    EndpointConfig created =
        create(request(null, "slack", CON, "post_message", Map.of("channel", "C123")));
    assertThat(created.type()).isEqualTo("slack");
    assertThat(created.url()).isNull();
    assertThat(created.connectionId().value()).isEqualTo(CON);
    assertThat(created.settings()).containsEntry("channel", "C123");
  }

  @Test
  void refusalsNameTheField() {
    assertField(request(null, "slack", CON, "post_card", null), "action");
    assertField(request(null, "slack", CON, "post_message", null), "settings.channel");
    assertField(
        request(null, "slack", CON, "post_message", Map.of("channel", "C1", "x", 1)), "settings.x");
    assertField(
        request(null, "slack", null, "post_message", Map.of("channel", "C1")), "connection_id");
    assertField(
        request(null, "slack", "nope", "post_message", Map.of("channel", "C1")), "connection_id");
    assertField(
        request("https://x.example", "slack", CON, "post_message", Map.of("channel", "C1")), "url");
    assertField(request(null, "fax", CON, "send", null), "type");
    assertField(request("https://x.example", null, CON, null, null), "connection_id");
    assertField(
        request(null, "http", CON, "request", Map.of("url", "https://a.example", "method", "BREW")),
        "settings.method");
    assertField(
        request(
            null,
            "http",
            CON,
            "request",
            Map.of("url", "https://a.example", "headers", Map.of("Authorization", "x"))),
        "settings.headers");
  }

  @Test
  void theTypeCannotChangeAndAPatchRechecksTheSettings() {
    EndpointConfig slack =
        create(request(null, "slack", CON, "post_message", Map.of("channel", "C123")));
    ApiException typeChange =
        catchThrowableOfType(
            ApiException.class,
            () -> request(null, "webhook", null, null, null).patch(slack, null, t -> true, box));
    assertThat(typeChange.details()).containsEntry("field", "type");
    EndpointConfig moved =
        request(null, null, null, null, Map.of("channel", "C999"))
            .patch(slack, null, t -> true, box);
    assertThat(moved.settings()).containsEntry("channel", "C999");
    assertThat(moved.connectionId()).isEqualTo(slack.connectionId());
    ApiException missing =
        catchThrowableOfType(
            ApiException.class,
            () -> request(null, null, null, null, Map.of()).patch(slack, null, t -> true, box));
    assertThat(missing.details()).containsEntry("field", "settings.channel");
  }

  private EndpointConfig create(EndpointRequest request) {
    URI url = request.url() == null ? null : URI.create(request.url());
    return request.create(
        EndpointId.next(), TenantId.next(), url, box.seal("whsec_x"), t -> true, box);
  }

  private void assertField(EndpointRequest request, String field) {
    ApiException refused = catchThrowableOfType(ApiException.class, () -> create(request));
    assertThat(refused).as(field).isNotNull();
    assertThat(refused.details()).as(refused.getMessage()).containsEntry("field", field);
  }

  private static EndpointRequest request(
      String url, String type, String connection, String action, Map<String, Object> settings) {
    return new EndpointRequest(
        url,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        type,
        connection,
        action,
        settings,
        null);
  }
}
