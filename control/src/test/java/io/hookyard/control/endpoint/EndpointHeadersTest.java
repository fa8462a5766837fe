package io.hookyard.control.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Header values are sealed as they come in and never shown again: the view names the headers with
 * null values, and a null sent back keeps a value.
 */
class EndpointHeadersTest {
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void valuesAreSealedAndTheViewShowsOnlyTheNames() {
    EndpointConfig created = create(Map.of("Authorization", "Bearer xyz", "X-Env", "prod"));

    assertThat(created.plainHeaders()).isEmpty();
    assertThat(box.open(created.sealedHeaders().get("Authorization"))).isEqualTo("Bearer xyz");
    assertThat(Json.writeString(created)).doesNotContain("xyz", "prod");
    String shown = Json.writeString(EndpointView.of(created, "", Instant.now(), null));
    assertThat(shown)
        .contains("\"headers\":{\"Authorization\":null,\"X-Env\":null}")
        .doesNotContain("xyz", "prod");
  }

  @Test
  void aPatchWithHeadersReplacesThemAndANullValueKeepsOne() {
    EndpointConfig created = create(Map.of("Authorization", "Bearer xyz", "X-Env", "prod"));
    Map<String, String> next = new HashMap<>();
    next.put("authorization", null);
    next.put("X-Team", "billing");

    EndpointConfig patched = request(next).patch(created, null, t -> true, box);

    assertThat(patched.headerNames()).containsExactly("X-Team", "authorization");
    assertThat(box.open(patched.sealedHeaders().get("authorization"))).isEqualTo("Bearer xyz");
    assertThat(box.open(patched.sealedHeaders().get("X-Team"))).isEqualTo("billing");
    EndpointConfig untouched = request(null).patch(patched, null, t -> true, box);
    assertThat(untouched.sealedHeaders()).isEqualTo(patched.sealedHeaders());
  }

  @Test
  void aNullValueForAHeaderTheEndpointDoesNotHaveIsRefusedNamingIt() {
    Map<String, String> unknown = new HashMap<>();
    unknown.put("X-Nope", null);
    ApiException refused = catchThrowableOfType(ApiException.class, () -> create(unknown));
    assertThat(refused.details()).containsEntry("field", "headers.X-Nope");
    ApiException broken =
        catchThrowableOfType(ApiException.class, () -> create(Map.of("X-A", "a\r\nHost: x")));
    assertThat(broken.details()).containsEntry("field", "headers.X-A");
  }

  @Test
  void legacyPlainValuesAreSealedByAResealAndStillNamed() {
    EndpointConfig legacy =
        new EndpointConfig(
            EndpointId.next(),
            TenantId.next(),
            URI.create("https://example.com/hook"),
            null,
            box.seal("whsec_x"),
            Map.of("Authorization", "Bearer old"),
            100,
            null,
            false,
            false,
            null,
            null);
    assertThat(Json.writeString(legacy)).contains("\"headers\":{\"Authorization\":\"Bearer old\"}");

    EndpointConfig sealed = legacy.resealed(box, Instant.now());

    assertThat(sealed.plainHeaders()).isEmpty();
    assertThat(box.open(sealed.sealedHeaders().get("Authorization"))).isEqualTo("Bearer old");
    assertThat(Json.writeString(sealed)).doesNotContain("Bearer old");
    assertThat(sealed.resealed(box, Instant.now())).isSameAs(sealed);
  }

  private EndpointConfig create(Map<String, String> headers) {
    return request(headers)
        .create(
            EndpointId.next(),
            TenantId.next(),
            URI.create("https://example.com/hook"),
            box.seal("whsec_x"),
            t -> true,
            box);
  }

  private static EndpointRequest request(Map<String, String> headers) {
    return new EndpointRequest(
        null, null, null, null, headers, null, null, null, null, null, null, null, null, null,
        null);
  }
}
