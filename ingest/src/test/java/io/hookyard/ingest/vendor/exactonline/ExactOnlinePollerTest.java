package io.hookyard.ingest.vendor.exactonline;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ExactOnlinePollerTest {
  private final ExactOnlinePoller poller = new ExactOnlinePoller();
  private final List<String> urls = new ArrayList<>();
  private final Deque<String> bodies = new ArrayDeque<>();

  private PollContext context(String entity) {
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            TenantId.next(),
            ConnectionId.next(),
            "exact-online",
            entity,
            Duration.ofMinutes(15),
            null,
            null,
            Map.of(),
            false,
            Instant.now(),
            null);
    ConnectionConfig connection =
        new ConnectionConfig(
            sync.connectionId(),
            sync.tenantId(),
            "exact-online",
            "oauth2",
            Map.of("division", 123456),
            new SealedSecret("k", "x"),
            null,
            "connected",
            1);
    VendorCalls calls =
        (method, url, h, b) -> {
          urls.add(url);
          return Mono.just(
              new VendorCalls.Response(
                  200,
                  Json.tree(bodies.removeFirst().getBytes(StandardCharsets.UTF_8)),
                  n -> null));
        };
    return new PollContext(sync, connection, calls);
  }

  @Test
  void aRunFollowsSkipTokensThenReadsDeletionsAndEndsAtBothWatermarks() {
    PollContext context = context("accounts");
    bodies.add(
        """
        {"d": {"results": [{"ID": "a1", "Name": "Acme", "Timestamp": 101}],
               "__next": "https://start.exactonline.nl/api/v1/123456/sync/CRM/Accounts?$skiptoken=101L"}}
        """);
    bodies.add(
        "{\"d\": {\"results\": [{\"ID\": \"a2\", \"Name\": \"Beta\", \"Timestamp\": \"105\"}]}}");
    bodies.add(
        "{\"d\": {\"results\": [{\"EntityKey\": \"a0\", \"EntityType\": 2, \"Timestamp\": 77}]}}");

    PageRequest first = new PageRequest(false, "100|70", null, null);
    Page one = poller.page(context, first).block();
    assertThat(urls.get(0))
        .startsWith("/api/v1/123456/sync/CRM/Accounts?$select=ID,Code,Name,")
        .endsWith("&$filter=Timestamp%20gt%20100L");
    assertThat(one.changes()).extracting(c -> c.recordId()).containsExactly("a1");
    assertThat(one.changes().get(0).version()).isEqualTo("101");

    Page two =
        poller.page(context, new PageRequest(false, "100|70", one.nextPageCursor(), null)).block();
    assertThat(urls.get(1)).endsWith("$skiptoken=101L");
    assertThat(two.changes()).extracting(c -> c.recordId()).containsExactly("a2");
    assertThat(two.complete()).isFalse();

    Page three =
        poller.page(context, new PageRequest(false, "100|70", two.nextPageCursor(), null)).block();
    assertThat(urls.get(2))
        .isEqualTo(
            "/api/v1/123456/sync/Deleted?$select=EntityKey,EntityType,Timestamp&$filter="
                + "Timestamp%20gt%2070L%20and%20EntityType%20eq%202");
    assertThat(three.changes()).singleElement().satisfies(c -> assertThat(c.deleted()).isTrue());
    assertThat(three.finalCursor()).isEqualTo("105|77");
  }

  @Test
  void aListingStartsFromTheBeginningAndReportsNoDeletions() {
    PollContext context = context("sales_invoices");
    bodies.add("{\"d\": {\"results\": [{\"InvoiceID\": \"i1\", \"Timestamp\": 9}]}}");
    bodies.add(
        "{\"d\": {\"results\": [{\"EntityKey\": \"i0\", \"EntityType\": 13, \"Timestamp\": 80}]}}");
    PageRequest listing = new PageRequest(true, "500|70", null, null);
    Page one = poller.page(context, listing).block();
    assertThat(urls.get(0))
        .startsWith("/api/v1/123456/sync/SalesInvoice/SalesInvoices?$select=InvoiceID,")
        .endsWith("Timestamp%20gt%200L");
    Page two =
        poller.page(context, new PageRequest(true, "500|70", one.nextPageCursor(), null)).block();
    assertThat(two.changes()).isEmpty();
    assertThat(two.finalCursor()).isEqualTo("9|80");
  }
}
