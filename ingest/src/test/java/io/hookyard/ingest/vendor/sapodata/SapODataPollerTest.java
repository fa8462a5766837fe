package io.hookyard.ingest.vendor.sapodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SapODataPollerTest {
  private static final String ROOT = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
  private final SapODataPoller poller = new SapODataPoller();
  private final List<String> urls = new ArrayList<>();

  private PollContext context(String version, int status, String body) {
    ConnectionConfig connection =
        new ConnectionConfig(
            ConnectionId.next(),
            TenantId.next(),
            "sap-odata",
            "basic",
            Map.of("service_url", "https://s4.example.com" + ROOT + "/", "version", version),
            new SealedSecret("k", "c"),
            null,
            "connected",
            1);
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            connection.tenantId(),
            connection.id(),
            "sap-odata",
            "A_BusinessPartner",
            Duration.ofMinutes(15),
            null,
            null,
            Map.of("key", "BusinessPartner", "modified_field", "Changed", "select", "Name"),
            false,
            Instant.now(),
            null);
    VendorCalls calls =
        (method, url, h, b) -> {
          urls.add(url);
          return Mono.just(
              new VendorCalls.Response(
                  status, Json.tree(body.getBytes(StandardCharsets.UTF_8)), name -> null));
        };
    return new PollContext(sync, connection, calls);
  }

  @Test
  void theHostIsTheServicesAndBasicCredentialsGoAsBasic() {
    ConnectionConfig connection = context("v2", 200, "{}").connection();
    assertThat(poller.baseUrl(connection).toString()).isEqualTo("https://s4.example.com");
    assertThat(poller.authorization(connection, "dTpw"))
        .containsEntry("Authorization", "Basic dTpw");
  }

  @Test
  void anIncrementalV2PageFiltersOrdersSelectsAndFollowsNext() {
    String body =
        """
        {"d": {"results": [
           {"__metadata": {"uri": "u"}, "BusinessPartner": "1", "Name": "A",
            "Changed": "/Date(1704067200000+0000)/"}],
          "__next": "https://s4.example.com%s/A_BusinessPartner?$skiptoken=10"}}
        """
            .formatted(ROOT);
    PageRequest request = new PageRequest(false, "{\"w\":\"2023-12-31T00:00:00Z\"}", null, null);
    Page page = poller.page(context("v2", 200, body), request).block();
    assertThat(urls.get(0))
        .isEqualTo(
            ROOT
                + "/A_BusinessPartner?$filter=Changed%20ge%20datetimeoffset%272023-12-31T00%3A00%3A00Z%27"
                + "&$orderby=Changed%20asc%2CBusinessPartner%20asc"
                + "&$select=BusinessPartner%2CChanged%2CName&$format=json");
    assertThat(page.changes().get(0).recordId()).isEqualTo("1");
    assertThat(page.changes().get(0).version()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(page.changes().get(0).record().has("__metadata")).isFalse();
    assertThat(page.nextPageCursor()).contains("$skiptoken=10");
  }

  @Test
  void aV4RelativeNextLinkIsResolvedAgainstTheServiceRootAndTheLastPageIsThePosition() {
    String more =
        """
        {"value": [{"BusinessPartner": "1", "Changed": "2024-01-01T00:00:00Z"}],
         "@odata.nextLink": "A_BusinessPartner?$skiptoken=1"}
        """;
    Page first =
        poller.page(context("v4", 200, more), new PageRequest(true, null, null, null)).block();
    assertThat(urls.get(0)).doesNotContain("$filter").doesNotContain("$format");
    assertThat(first.nextPageCursor()).contains(ROOT + "/A_BusinessPartner?$skiptoken=1");
    String last =
        """
        {"value": [{"BusinessPartner": "2", "Changed": "2024-01-02T00:00:00Z"}]}
        """;
    Page second =
        poller
            .page(
                context("v4", 200, last), new PageRequest(true, null, first.nextPageCursor(), null))
            .block();
    assertThat(urls.get(1)).isEqualTo(ROOT + "/A_BusinessPartner?$skiptoken=1");
    assertThat(second.complete()).isTrue();
    assertThat(second.finalCursor()).isEqualTo("{\"w\":\"2024-01-02T00:00:00Z\"}");
  }

  @Test
  void anErrorAnswerFailsTheRunWithSapsMessage() {
    String body = "{\"error\": {\"code\": \"C\", \"message\": \"Property 'Changed' is invalid\"}}";
    assertThatThrownBy(
            () ->
                poller
                    .page(context("v4", 400, body), new PageRequest(true, null, null, null))
                    .block())
        .isInstanceOf(VendorCalls.VendorFailure.class)
        .hasMessageContaining("Property 'Changed' is invalid");
  }
}
