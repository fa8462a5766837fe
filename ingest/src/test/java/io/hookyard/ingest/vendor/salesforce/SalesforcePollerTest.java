package io.hookyard.ingest.vendor.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SalesforcePollerTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:30Z");
  private final SalesforcePoller poller = new SalesforcePoller(Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<String> urls = new ArrayList<>();
  private final Deque<VendorCalls.Response> answers = new ArrayDeque<>();

  private PollContext context() {
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            TenantId.next(),
            ConnectionId.next(),
            "salesforce",
            "Account",
            Duration.ofMinutes(15),
            null,
            null,
            Map.of(),
            false,
            NOW,
            null);
    ConnectionConfig connection =
        new ConnectionConfig(
            sync.connectionId(),
            sync.tenantId(),
            "salesforce",
            "oauth2",
            Map.of("api_version", "v61.0"),
            new SealedSecret("k", "x"),
            null,
            "connected",
            1);
    VendorCalls calls =
        (method, url, h, b) -> {
          urls.add(URLDecoder.decode(url, StandardCharsets.UTF_8));
          return Mono.just(answers.removeFirst());
        };
    return new PollContext(sync, connection, calls);
  }

  private void answer(int status, String body) {
    answers.add(
        new VendorCalls.Response(
            status, Json.tree(body.getBytes(StandardCharsets.UTF_8)), name -> null));
  }

  private static String position(Instant w, String id, Instant d) {
    return "{\"w\":\"" + w + "\",\"id\":\"" + id + "\",\"d\":\"" + d + "\"}";
  }

  @Test
  void deletionsFirstThenChangesAfterTheWatermarkOverPages() {
    PollContext context = context();
    String cursor =
        position(
            Instant.parse("2026-12-03T09:00:00Z"), "001000000000007AAA", NOW.minusSeconds(300));
    answer(
        200,
        """
        {"deletedRecords": [{"id": "001000000000003AAA", "deletedDate": "2026-12-03T09:58:00.000+0000"}],
         "earliestDateAvailable": "2026-11-20T00:00:00.000+0000",
         "latestDateCovered": "2026-12-03T10:00:00.000+0000"}
        """);
    Page deleted = poller.page(context, new PageRequest(false, cursor, null, null)).block();
    assertThat(urls.get(0))
        .isEqualTo(
            "/services/data/v61.0/sobjects/Account/deleted/?start=2026-12-03T09:55:30Z"
                + "&end=2026-12-03T10:00:30Z");
    assertThat(deleted.changes()).singleElement().matches(c -> c.deleted());

    answer(
        200,
        """
        {"totalSize": 2, "done": false, "nextRecordsUrl": "/services/data/v61.0/query/01gX-1",
         "records": [{"attributes": {"type": "Account"}, "Id": "001000000000008AAA",
                      "SystemModstamp": "2026-12-03T09:00:00.000+0000",
                      "CreatedDate": "2026-12-01T09:00:00.000+0000",
                      "LastModifiedDate": "2026-12-03T09:00:00.000+0000", "Name": "A"}]}
        """);
    Page first =
        poller
            .page(context, new PageRequest(false, cursor, deleted.nextPageCursor(), null))
            .block();
    assertThat(urls.get(1))
        .contains("FROM Account WHERE SystemModstamp > 2026-12-03T09:00:00Z")
        .contains("AND Id > '001000000000007AAA'");
    assertThat(first.changes())
        .singleElement()
        .matches(c -> c.record().path("attributes").isMissingNode());

    // the locator was forgotten: the query starts again after the last record seen
    answer(400, "[{\"errorCode\": \"INVALID_QUERY_LOCATOR\", \"message\": \"invalid\"}]");
    Page again =
        poller.page(context, new PageRequest(false, cursor, first.nextPageCursor(), null)).block();
    assertThat(urls.get(2)).isEqualTo("/services/data/v61.0/query/01gX-1");
    assertThat(again.changes()).isEmpty();
    answer(200, "{\"totalSize\": 0, \"done\": true, \"records\": []}");
    Page last =
        poller.page(context, new PageRequest(false, cursor, again.nextPageCursor(), null)).block();
    assertThat(urls.get(3)).contains("AND Id > '001000000000008AAA'");
    assertThat(last.finalCursor())
        .isEqualTo(
            position(
                Instant.parse("2026-12-03T09:00:00Z"),
                "001000000000008AAA",
                Instant.parse("2026-12-03T10:00:00Z")));
  }

  @Test
  void deletionsOlderThanSalesforceKeepsOrAPurgedLogAreAFullResync() {
    String old = position(NOW.minus(Duration.ofDays(16)), "", NOW.minus(Duration.ofDays(16)));
    assertThat(poller.page(context(), new PageRequest(false, old, null, null)).block().expired())
        .isTrue();
    assertThat(urls).as("known without asking").isEmpty();

    answer(400, "[{\"errorCode\": \"INVALID_REPLICATION_DATE\", \"message\": \"…\"}]");
    String recent = position(NOW.minusSeconds(600), "", NOW.minusSeconds(600));
    assertThat(poller.page(context(), new PageRequest(false, recent, null, null)).block().expired())
        .isTrue();
  }

  @Test
  void aWindowUnderAMinuteWaitsForTheNextRunAndTheAllocationSpentFailsInOurWords() {
    String fresh = position(NOW.minusSeconds(30), "", NOW.minusSeconds(30));
    answer(403, "[{\"errorCode\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"TotalRequests\"}]");
    Mono<Page> page = poller.page(context(), new PageRequest(false, fresh, null, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(page::block)
        .isInstanceOf(VendorCalls.VendorFailure.class)
        .hasMessageContaining("daily API allocation is spent");
    assertThat(urls).singleElement().matches(u -> u.contains("/query?q=SELECT"));
  }
}
