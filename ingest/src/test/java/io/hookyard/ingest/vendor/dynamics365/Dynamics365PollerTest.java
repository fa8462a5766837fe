package io.hookyard.ingest.vendor.dynamics365;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.SyncConfig;
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

class Dynamics365PollerTest {
  private final Dynamics365Poller poller = new Dynamics365Poller();
  private final List<String> urls = new ArrayList<>();
  private final List<Map<String, String>> headers = new ArrayList<>();

  private PollContext context(String entity, Instant since, int status, String body) {
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            TenantId.next(),
            ConnectionId.next(),
            "dynamics365",
            entity,
            Duration.ofMinutes(15),
            null,
            since,
            Map.of("page_size", 50, "select", "description"),
            false,
            Instant.now(),
            null);
    VendorCalls calls =
        (method, url, h, b) -> {
          urls.add(url);
          headers.add(h);
          return Mono.just(
              new VendorCalls.Response(
                  status, Json.tree(body.getBytes(StandardCharsets.UTF_8)), name -> null));
        };
    return new PollContext(sync, null, calls);
  }

  private static final PageRequest FIRST = new PageRequest(true, null, null, null);
  private static final PageRequest DELTA =
      new PageRequest(
          false, "https://org.example/api/data/v9.2/accounts?$deltatoken=1", null, null);

  @Test
  void theFirstPageAsksForTrackedChangesOfTheSelectedColumns() {
    String body =
        """
        {"@odata.nextLink": "https://org.example/api/data/v9.2/accounts?$skiptoken=x",
         "value": [{"@odata.etag": "W/\\"901\\"", "accountid": "a1", "name": "Fourth Coffee",
                    "modifiedon": "2026-11-01T00:00:00Z"}]}
        """;
    Page page = poller.page(context("accounts", null, 200, body), FIRST).block();
    assertThat(urls.get(0)).startsWith("/api/data/v9.2/accounts?$select=accountid,name,");
    assertThat(urls.get(0)).endsWith(",description");
    assertThat(headers.get(0)).containsEntry("Prefer", "odata.track-changes,odata.maxpagesize=50");
    assertThat(page.nextPageCursor()).endsWith("$skiptoken=x");
    assertThat(page.changes().get(0).recordId()).isEqualTo("a1");
    assertThat(page.changes().get(0).version()).isEqualTo("W/\"901\"");
  }

  @Test
  void deletedEntitiesAreDeletionsAndTheDeltaLinkIsThePosition() {
    String body =
        """
        {"@odata.deltaLink": "https://org.example/api/data/v9.2/accounts?$deltatoken=2",
         "value": [
           {"@odata.context": "https://org.example/api/data/v9.2/$metadata#accounts/$deletedEntity",
            "id": "a2", "reason": "deleted"}]}
        """;
    Page page = poller.page(context("accounts", null, 200, body), DELTA).block();
    assertThat(urls).containsExactly(DELTA.cursor());
    assertThat(page.finalCursor()).endsWith("$deltatoken=2");
    assertThat(page.changes()).singleElement().satisfies(c -> assertThat(c.deleted()).isTrue());
  }

  @Test
  void anInitialLoadSinceATimeSkipsOlderRows() {
    String body =
        """
        {"@odata.deltaLink": "d", "value": [
          {"contactid": "c1", "modifiedon": "2026-01-01T00:00:00Z"},
          {"contactid": "c2", "modifiedon": "2026-06-01T00:00:00Z"}]}
        """;
    PageRequest since = new PageRequest(true, null, null, Instant.parse("2026-03-01T00:00:00Z"));
    Page page = poller.page(context("contacts", since.since(), 200, body), since).block();
    assertThat(page.changes()).extracting(c -> c.recordId()).containsExactly("c2");
  }

  @Test
  void anExpiredVersionStampExpiresTheCursorWhateverItsStatus() {
    String expired =
        "{\"error\":{\"code\":\"0x80044352\",\"message\":\"Version stamp associated with the"
            + " client has expired. Please perform a full sync.\"}}";
    assertThat(poller.page(context("accounts", null, 410, expired), DELTA).block().expired())
        .isTrue();
    assertThat(poller.page(context("accounts", null, 400, expired), DELTA).block().expired())
        .isTrue();
    String other = "{\"error\":{\"code\":\"0x80060888\",\"message\":\"bad\"}}";
    assertThatThrownBy(() -> poller.page(context("accounts", null, 400, other), DELTA).block())
        .isInstanceOf(VendorCalls.VendorFailure.class);
  }

  @Test
  void aTableWithoutTrackChangesFailsInOurWords() {
    String body = "{\"value\": []}";
    assertThatThrownBy(() -> poller.page(context("invoices", null, 200, body), FIRST).block())
        .isInstanceOf(VendorCalls.VendorFailure.class)
        .hasMessageContaining("Track changes");
  }
}
