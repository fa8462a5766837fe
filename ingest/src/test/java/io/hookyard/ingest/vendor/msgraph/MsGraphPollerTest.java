package io.hookyard.ingest.vendor.msgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.ingest.poll.Change;
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

class MsGraphPollerTest {
  private final MsGraphPoller poller = new MsGraphPoller();
  private final List<String> urls = new ArrayList<>();
  private final List<Map<String, String>> headers = new ArrayList<>();

  private PollContext context(
      String entity, Map<String, Object> settings, int status, String body) {
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            TenantId.next(),
            ConnectionId.next(),
            "ms-graph",
            entity,
            Duration.ofMinutes(15),
            null,
            null,
            settings,
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
          false, "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=d1", null, null);

  @Test
  void aPageWithANextLinkHasUpsertsWithTheirETagAndRemovalsAsDeletions() {
    String body =
        """
        {"@odata.nextLink": "https://graph.microsoft.com/v1.0/users/u/contacts/delta?$skiptoken=s",
         "value": [
           {"@odata.etag": "W/\\"e1\\"", "id": "c1", "lastModifiedDateTime": "2026-11-01T00:00:00Z"},
           {"id": "c2", "@removed": {"reason": "deleted"}}]}
        """;
    Page page =
        poller
            .page(
                context(
                    "contacts",
                    Map.of("user", "adele@contoso.example", "page_size", 10),
                    200,
                    body),
                FIRST)
            .block();
    assertThat(urls).containsExactly("/v1.0/users/adele%40contoso.example/contacts/delta");
    assertThat(headers.get(0)).containsEntry("Prefer", "odata.maxpagesize=10");
    assertThat(page.complete()).isFalse();
    assertThat(page.nextPageCursor()).endsWith("$skiptoken=s");
    Change upsert = page.changes().get(0);
    assertThat(upsert.version()).isEqualTo("W/\"e1\"");
    assertThat(upsert.deleted()).isFalse();
    assertThat(page.changes().get(1).deleted()).isTrue();
    assertThat(page.changes().get(1).recordId()).isEqualTo("c2");
  }

  @Test
  void theLastPageGivesTheDeltaLinkAsThePositionAndUsersAVersionFromTheirContent() {
    String body =
        """
        {"@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=d2",
         "value": [{"id": "u1", "displayName": "Adele"}]}
        """;
    Page page = poller.page(context("users", Map.of(), 200, body), DELTA).block();
    assertThat(urls).containsExactly(DELTA.cursor());
    assertThat(page.complete()).isTrue();
    assertThat(page.finalCursor()).endsWith("$deltatoken=d2");
    assertThat(page.changes().get(0).version()).startsWith("sha256:");
  }

  @Test
  void gone410AndA400SyncStateNotFoundExpireTheCursor() {
    String gone = "{\"error\":{\"code\":\"syncStateNotFound\",\"message\":\"expired\"}}";
    assertThat(poller.page(context("users", Map.of(), 410, gone), DELTA).block().expired())
        .isTrue();
    assertThat(poller.page(context("users", Map.of(), 400, gone), DELTA).block().expired())
        .isTrue();
    assertThat(poller.judgedStatuses()).contains(400, 410);
  }

  @Test
  void anyOther400AndAnExpiryWhileListingFailTheRun() {
    String bad = "{\"error\":{\"code\":\"BadRequest\",\"message\":\"no\"}}";
    assertThatThrownBy(() -> poller.page(context("users", Map.of(), 400, bad), DELTA).block())
        .isInstanceOf(VendorCalls.VendorFailure.class);
    String gone = "{\"error\":{\"code\":\"syncStateNotFound\"}}";
    assertThatThrownBy(() -> poller.page(context("users", Map.of(), 410, gone), FIRST).block())
        .isInstanceOf(VendorCalls.VendorFailure.class);
  }

  @Test
  void outlookEntitiesNeedAUserAndEventsUseTheCalendarViewWithAWindow() {
    String body = "{\"@odata.deltaLink\": \"d\", \"value\": []}";
    assertThatThrownBy(() -> poller.page(context("messages", Map.of(), 200, body), FIRST).block())
        .isInstanceOf(VendorCalls.VendorFailure.class)
        .hasMessageContaining("user");
    poller.page(context("messages", Map.of("user", "u1"), 200, body), FIRST).block();
    poller
        .page(
            context(
                "events",
                Map.of(
                    "user", "u1", "start", "2026-01-01T00:00:00Z", "end", "2027-01-01T00:00:00Z"),
                200,
                body),
            FIRST)
        .block();
    assertThat(urls)
        .containsExactly(
            "/v1.0/users/u1/mailFolders/inbox/messages/delta",
            "/v1.0/users/u1/calendarView/delta?startDateTime=2026-01-01T00%3A00%3A00Z"
                + "&endDateTime=2027-01-01T00%3A00%3A00Z");
  }
}
