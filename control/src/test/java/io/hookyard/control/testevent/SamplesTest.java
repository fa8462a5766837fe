package io.hookyard.control.testevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which sample a test event carries; the view is never started, so it holds no tenant types. */
class SamplesTest {
  private final EventCatalog catalog = EventCatalog.builtIn();
  private final ConfigView view = new ConfigView(new KafkaConnection("127.0.0.1:9"), "samples");
  private final Samples samples = new Samples(catalog, view);

  @AfterEach
  void close() {
    view.close();
  }

  @Test
  void aNamedTypeSendsItsCatalogExample() {
    Samples.Sample sample = samples.pick(endpoint("*"), "invoice.paid");

    assertThat(sample.type()).isEqualTo("invoice.paid");
    assertThat(Json.tree(sample.dataJson().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(
            Json.tree(
                catalog
                    .find("invoice.paid")
                    .orElseThrow()
                    .exampleJson()
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(Json.tree(sample.dataJson().getBytes(StandardCharsets.UTF_8)).path("id").asString())
        .isEqualTo("inv_42");
  }

  @Test
  void withoutATypeTheFirstSubscriptionWithAnExampleIsSent() {
    assertThat(samples.pick(endpoint("order.shipped", "user.joined", "invoice.*"), null).type())
        .isEqualTo("user.joined");
    assertThat(samples.pick(endpoint("invoice.*", "user.joined"), null).type())
        .isEqualTo("invoice.created");
  }

  @Test
  void withoutATypeAndNothingToSendIs422NamingEventType() {
    assertThatThrownBy(() -> samples.pick(endpoint("order.shipped"), null))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", "event_type"));
  }

  @Test
  void unknownTypesAndNonNamesAre422NamingEventType() {
    for (String type : List.of("nope.never", "invoice.*", "Not a type")) {
      assertThatThrownBy(() -> samples.pick(endpoint("*"), type))
          .as(type)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status().value()).isEqualTo(422);
                assertThat(e.details()).containsEntry("field", "event_type");
              });
    }
  }

  private static EndpointConfig endpoint(String... types) {
    return new EndpointConfig(
        EndpointId.next(),
        TenantId.next(),
        URI.create("https://example.com/hook"),
        List.of(types),
        SecretBox.fromBase64(SecretBox.newKey()).seal("whsec_x"),
        Map.of(),
        100,
        List.of(),
        false,
        false,
        null,
        null);
  }
}
