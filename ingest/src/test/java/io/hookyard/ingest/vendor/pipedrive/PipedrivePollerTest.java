package io.hookyard.ingest.vendor.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PipedrivePollerTest {
  private final PipedrivePoller poller = new PipedrivePoller();
  private final List<String> urls = new ArrayList<>();
  private final Deque<String> answers = new ArrayDeque<>();

  private PollContext context() {
    SyncConfig sync =
        new SyncConfig(
            SyncId.next(),
            TenantId.next(),
            ConnectionId.next(),
            "pipedrive",
            "persons",
            Duration.ofMinutes(15),
            null,
            null,
            Map.of(),
            false,
            Instant.now(),
            null);
    VendorCalls calls =
        (method, url, h, b) -> {
          urls.add(url);
          return Mono.just(
              new VendorCalls.Response(
                  200, Json.tree(answers.pop().getBytes(StandardCharsets.UTF_8)), n -> null));
        };
    return new PollContext(sync, null, calls);
  }

  @Test
  void anIncrementalRunListsChangesByUpdateTimeThenDeletionsFromRecentsOnce() {
    answers.add(
        """
        {"success": true, "data": [{"id": 5, "update_time": "2024-01-01T00:00:09Z"}],
         "additional_data": {"next_cursor": null}}
        """);
    answers.add(
        """
        {"success": true, "data": [
          {"item": "person", "id": 7, "data": {"id": 7, "active_flag": false,
                                               "update_time": "2024-01-01 00:00:05"}},
          {"item": "person", "id": 8, "data": {"id": 8, "active_flag": false,
                                               "update_time": "2024-01-01 00:00:05"}},
          {"item": "person", "id": 5, "data": {"id": 5, "active_flag": true,
                                               "update_time": "2024-01-01 00:00:09"}}],
         "additional_data": {"pagination": {"more_items_in_collection": false}}}
        """);
    String position =
        "{\"w\":\"2024-01-01T00:00:00Z\",\"dw\":\"2024-01-01T00:00:05Z\",\"dids\":[\"7\"]}";
    PollContext context = context();
    Page list = poller.page(context, new PageRequest(false, position, null, null)).block();
    assertThat(urls.get(0))
        .isEqualTo(
            "/api/v2/persons?sort_by=update_time&sort_direction=asc&limit=500"
                + "&updated_since=2024-01-01T00%3A00%3A00Z");
    assertThat(list.changes()).extracting(c -> c.recordId()).containsExactly("5");
    Page deleted =
        poller.page(context, new PageRequest(false, position, list.nextPageCursor(), null)).block();
    assertThat(urls.get(1))
        .isEqualTo(
            "/v1/recents?since_timestamp=2024-01-01+00%3A00%3A05&items=person&start=0&limit=500");
    assertThat(deleted.changes())
        .as("7 was reported at that second already")
        .extracting(c -> c.recordId())
        .containsExactly("8");
    assertThat(deleted.changes().get(0).deleted()).isTrue();
    assertThat(Json.tree(deleted.finalCursor().getBytes(StandardCharsets.UTF_8)).toString())
        .isEqualTo(
            "{\"w\":\"2024-01-01T00:00:09Z\",\"dw\":\"2024-01-01T00:00:05Z\",\"dids\":[\"7\",\"8\"]}");
  }

  @Test
  void aCursorPageContinuesTheListing() {
    answers.add(
        """
        {"success": true, "data": [{"id": 1, "update_time": "2024-01-01T00:00:00Z"}],
         "additional_data": {"next_cursor": "eyJpZCI6Mn0"}}
        """);
    Page page = poller.page(context(), new PageRequest(true, null, null, null)).block();
    assertThat(urls.get(0)).doesNotContain("updated_since");
    assertThat(page.nextPageCursor()).contains("eyJpZCI6Mn0");
  }

  @Test
  void deletedMeansInactivePersonsAndDeletedDeals() {
    assertThat(
            PipedrivePoller.isDeleted(
                "person", Json.tree("{\"active_flag\":false}".getBytes(StandardCharsets.UTF_8))))
        .isTrue();
    assertThat(
            PipedrivePoller.isDeleted(
                "deal",
                Json.tree("{\"active\":false,\"deleted\":false}".getBytes(StandardCharsets.UTF_8))))
        .as("a won deal")
        .isFalse();
    assertThat(
            PipedrivePoller.isDeleted(
                "deal", Json.tree("{\"deleted\":true}".getBytes(StandardCharsets.UTF_8))))
        .isTrue();
  }
}
