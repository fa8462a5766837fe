package io.hookyard.ingest.vendor.pipedrive;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pipedrive change tracking (vendors.md §10 "Polling"; pipedrive.readme.io "Pipedrive API v2
 * migration guide", "Pagination", "Rate limiting"; developers.pipedrive.com changelog "Permanent
 * deletion logic for 6 core entities").
 *
 * <ul>
 *   <li>Host: {@code https://{company_domain}.pipedrive.com}; the API token goes in the {@code
 *       x-api-token} header (never the {@code api_token} query parameter, which URLs and logs
 *       keep).
 *   <li>Changes: API v2, which has persons, organizations and deals: {@code GET
 *       /api/v2/<entity>?updated_since=<RFC 3339>&sort_by=update_time&sort_direction=asc
 *       &limit={@value #PAGE_SIZE}&cursor=…}; {@code additional_data.next_cursor} (null at the end)
 *       is the page cursor. {@code updated_since} is inclusive: records at the watermark come
 *       again, and the engine drops them (their version, {@code update_time}, was reported). v2
 *       rather than v1 {@code recents}: cursor paging (no offset drift while records change), RFC
 *       3339 times, and no 30-day horizon.
 *   <li>Deletions: v2 lists leave deleted records out, and nothing in v2 lists them for persons and
 *       organizations, so an incremental run then reads v1 {@code GET
 *       /v1/recents?since_timestamp=YYYY-MM-DD HH:MM:SS&items=<item>} (offset paging: {@code
 *       start}, {@code additional_data.pagination.next_start}) and reports the items it shows
 *       deleted ({@code active_flag: false}; deals {@code deleted: true}). Recents reach back 30
 *       days and Pipedrive purges deleted records after 30 days; a sync idle longer than that finds
 *       its deletions at the next full resync (by absence).
 *   <li>Limits: per token per 2-second window (20 to 120 requests by plan); every answer carries
 *       {@code x-ratelimit-limit}, {@code x-ratelimit-remaining}, {@code x-ratelimit-reset}
 *       (seconds left in the window), read by the connection's budget; 429 carries {@code
 *       Retry-After}. Burst and daily-budget exhaustion both answer 429.
 * </ul>
 *
 * Position cursor: {@code {"w": RFC 3339 watermark, "dw": deletion watermark, "dids": ids deleted
 * at dw}} (recents' {@code since_timestamp} is inclusive and Pipedrive times have whole seconds:
 * the ids already reported at that second are skipped, so a deletion is reported once); page
 * cursor: {@code {"phase": "list"|"deleted", "w", "dw", "dids", "max", "dmax", "ndids", "cursor",
 * "start"}}.
 */
public final class PipedrivePoller implements Poller {
  static final int PAGE_SIZE = 500;
  static final DateTimeFormatter RECENTS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The v1 recents item type of each entity, and how it marks a deleted record. */
  private static final Map<String, String> ITEMS =
      Map.of("persons", "person", "organizations", "organization", "deals", "deal");

  @Override
  public String vendor() {
    return "pipedrive";
  }

  @Override
  public Set<String> entities() {
    return ITEMS.keySet();
  }

  /** The company's own host, {@code settings.company_domain}. */
  @Override
  public URI baseUrl(ConnectionConfig connection) {
    String domain = connection.setting("company_domain");
    return URI.create(
        domain == null
            ? "https://company-domain-missing.invalid"
            : "https://" + domain + ".pipedrive.com");
  }

  @Override
  public Map<String, String> authorization(ConnectionConfig connection, String token) {
    return Map.of("x-api-token", token);
  }

  @Override
  public Optional<String> cursorAt(Instant from) {
    String at = from.truncatedTo(ChronoUnit.SECONDS).toString();
    return Optional.of(position(at, at));
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(
        () -> {
          String entity = context.sync().entity();
          if (!ITEMS.containsKey(entity)) {
            return Mono.error(new VendorCalls.VendorFailure("pipedrive cannot track " + entity));
          }
          ObjectNode state =
              request.pageCursor() != null
                  ? (ObjectNode) Json.tree(request.pageCursor().getBytes(StandardCharsets.UTF_8))
                  : firstPage(request);
          return "deleted".equals(state.path("phase").asString())
              ? deleted(context, entity, state)
              : list(context, entity, state);
        });
  }

  private static ObjectNode firstPage(PageRequest request) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("phase", "list");
    if (request.listAll() || request.cursor() == null) {
      String since = request.since() == null ? null : request.since().toString();
      state.put("w", since);
      state.putNull("dw"); // a listing finds deletions by absence
      state.put("max", since);
    } else {
      JsonNode cursor = Json.tree(request.cursor().getBytes(StandardCharsets.UTF_8));
      state.put("w", cursor.path("w").asString(null));
      state.put("dw", cursor.path("dw").asString(null));
      state.put("max", cursor.path("w").asString(null));
      state.put("dmax", cursor.path("dw").asString(null));
      state.set("dids", cursor.path("dids").isArray() ? cursor.path("dids") : state.arrayNode());
      state.set("ndids", state.path("dids").deepCopy());
    }
    return state;
  }

  private Mono<Page> list(PollContext context, String entity, ObjectNode state) {
    StringBuilder url =
        new StringBuilder("/api/v2/")
            .append(entity)
            .append("?sort_by=update_time&sort_direction=asc&limit=")
            .append(context.setting("page_size", "" + PAGE_SIZE));
    if (state.hasNonNull("w")) {
      url.append("&updated_since=").append(encode(state.path("w").asString()));
    }
    if (state.hasNonNull("cursor")) {
      url.append("&cursor=").append(encode(state.path("cursor").asString()));
    }
    return context
        .calls()
        .get(url.toString(), Map.of())
        .map(
            response -> {
              failUnlessOk(response, entity);
              List<Change> changes = new ArrayList<>();
              Instant max = instant(state.path("max").asString(null));
              for (JsonNode item : response.body().path("data")) {
                String updated = item.path("update_time").asString("");
                String id = item.path("id").asString(null);
                if (id == null) {
                  continue;
                }
                Instant at = instant(updated);
                if (at != null && (max == null || at.isAfter(max))) {
                  max = at;
                }
                changes.add(Change.upsert(id, updated, item));
              }
              ObjectNode next = state.deepCopy();
              next.put("max", max == null ? null : max.toString());
              String cursor =
                  response.body().path("additional_data").path("next_cursor").asString(null);
              if (cursor != null && !cursor.isEmpty()) {
                next.put("cursor", cursor);
                return Page.more(changes, next.toString());
              }
              next.remove("cursor");
              if (state.hasNonNull("dw")) {
                next.put("phase", "deleted");
                next.put("start", 0);
                return Page.more(changes, next.toString());
              }
              return last(changes, next);
            });
  }

  private Mono<Page> deleted(PollContext context, String entity, ObjectNode state) {
    String item = ITEMS.get(entity);
    String since = RECENTS_TIME.format(instant(state.path("dw").asString()));
    String url =
        "/v1/recents?since_timestamp="
            + encode(since)
            + "&items="
            + item
            + "&start="
            + state.path("start").asLong()
            + "&limit="
            + PAGE_SIZE;
    return context
        .calls()
        .get(url, Map.of())
        .map(
            response -> {
              failUnlessOk(response, entity);
              List<Change> changes = new ArrayList<>();
              Instant from = instant(state.path("dw").asString(null));
              Set<String> reported = texts(state.path("dids"));
              Instant dmax = instant(state.path("dmax").asString(null));
              Set<String> atMax = texts(state.path("ndids"));
              for (JsonNode recent : response.body().path("data")) {
                JsonNode data = recent.path("data");
                if (!item.equals(recent.path("item").asString()) || !isDeleted(item, data)) {
                  continue;
                }
                String id = recent.path("id").asString();
                String updated = data.path("update_time").asString("");
                Instant at = recentsTime(updated);
                if (at == null || at.isBefore(from) || at.equals(from) && reported.contains(id)) {
                  continue; // since_timestamp is inclusive: the last run reported these
                }
                if (dmax == null || at.isAfter(dmax)) {
                  dmax = at;
                  atMax.clear();
                }
                if (at.equals(dmax)) {
                  atMax.add(id);
                }
                changes.add(Change.deletion(id, "deleted:" + updated));
              }
              ObjectNode next = state.deepCopy();
              next.put("dmax", dmax == null ? null : dmax.toString());
              var ids = next.putArray("ndids");
              atMax.forEach(ids::add);
              JsonNode paging = response.body().path("additional_data").path("pagination");
              if (paging.path("more_items_in_collection").asBoolean(false)) {
                next.put("start", paging.path("next_start").asLong());
                return Page.more(changes, next.toString());
              }
              return last(changes, next);
            });
  }

  private static Page last(List<Change> changes, ObjectNode state) {
    String max = state.path("max").asString(null);
    String dmax = state.path("dmax").asString(null);
    String w = max == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS).toString() : max;
    String dw = dmax == null ? state.path("dw").asString(w) : dmax;
    ObjectNode position = (ObjectNode) Json.tree(position(w, dw).getBytes(StandardCharsets.UTF_8));
    if (state.path("ndids").isArray()) {
      position.set("dids", state.path("ndids"));
    }
    return Page.last(changes, position.toString(), instant(w));
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new java.util.LinkedHashSet<>();
    array.forEach(id -> texts.add(id.asString()));
    return texts;
  }

  /** v1 deletes softly: persons and organizations lose {@code active_flag}, deals say deleted. */
  static boolean isDeleted(String item, JsonNode data) {
    return item.equals("deal")
        ? data.path("deleted").asBoolean(false)
        : data.has("active_flag") && !data.path("active_flag").asBoolean(true);
  }

  private static void failUnlessOk(VendorCalls.Response response, String entity) {
    if (!response.ok() || !response.body().path("success").asBoolean(true)) {
      throw new VendorCalls.VendorFailure(
          "pipedrive answered HTTP " + response.status() + " listing " + entity);
    }
  }

  private static String position(String watermark, String deletionWatermark) {
    ObjectNode cursor = Json.mapper().createObjectNode();
    cursor.put("w", watermark);
    cursor.put("dw", deletionWatermark);
    return cursor.toString();
  }

  /** v2 times are RFC 3339 ({@code 2024-01-01T00:00:00Z}); null when absent or unreadable. */
  static Instant instant(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(time).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return recentsTime(time);
    }
  }

  /** v1 times are UTC {@code YYYY-MM-DD HH:MM:SS}. */
  static Instant recentsTime(String time) {
    try {
      return java.time.LocalDateTime.parse(time.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
