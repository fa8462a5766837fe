package io.hookyard.ingest.vendor.hubspot;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HubSpot CRM change tracking (vendors.md §6, "Polling"; developers.hubspot.com "Search the CRM").
 *
 * <ul>
 *   <li>Changes: {@code POST /crm/v3/objects/{object}/search}, filter {@code <modified> GTE
 *       watermark} (ms), sorted ascending on the same property, {@code limit} 100, {@code after}
 *       paging. The modified property is {@code lastmodifieddate} for contacts and {@code
 *       hs_lastmodifieddate} for companies and deals.
 *   <li>A search returns at most 10,000 results: near that ceiling the run starts a new search from
 *       the last modified time it saw. GTE repeats the records at the boundary; the engine drops
 *       them, since their version (the modified time) is one it already reported.
 *   <li>Deletions: archived objects do not show in search; {@code GET /crm/v3/objects/{object}
 *       ?archived=true} lists them with {@code archivedAt}; an incremental run reports those
 *       archived since its last one.
 *   <li>Limits: 100 requests per 10 s (Pro/Enterprise private apps 190), shared by the whole
 *       connection ({@code ConnectionBudgets}); search is further limited to a few requests a
 *       second; 429 bodies name {@code policyName}.
 * </ul>
 *
 * Position cursor: {@code {"w": watermark ms, "aw": archived watermark ms}}; page cursor: {@code
 * {"phase": "search"|"archived", "w", "aw", "after", "max", "amax"}}.
 */
public final class HubSpotPoller implements Poller {
  static final int PAGE_SIZE = 100;
  static final int SEARCH_CEILING = 10_000;

  private static final Map<String, String> MODIFIED =
      Map.of(
          "contacts", "lastmodifieddate",
          "companies", "hs_lastmodifieddate",
          "deals", "hs_lastmodifieddate");
  private static final Map<String, List<String>> PROPERTIES =
      Map.of(
          "contacts",
          List.of("email", "firstname", "lastname", "phone", "company", "createdate"),
          "companies",
          List.of("name", "domain", "industry", "phone", "createdate"),
          "deals",
          List.of("dealname", "amount", "dealstage", "pipeline", "closedate", "createdate"));

  @Override
  public String vendor() {
    return "hubspot";
  }

  @Override
  public Set<String> entities() {
    return MODIFIED.keySet();
  }

  @Override
  public URI baseUrl(ConnectionConfig connection) {
    return URI.create("https://api.hubapi.com");
  }

  @Override
  public Optional<String> cursorAt(Instant from) {
    return Optional.of(position(from.toEpochMilli(), from.toEpochMilli()));
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    ObjectNode state =
        request.pageCursor() != null
            ? (ObjectNode)
                Json.tree(request.pageCursor().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : firstPage(request);
    return "archived".equals(state.path("phase").asString())
        ? archived(context, state)
        : search(context, request, state);
  }

  private static ObjectNode firstPage(PageRequest request) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("phase", "search");
    long watermark;
    long archived;
    if (request.listAll() || request.cursor() == null) {
      watermark = request.since() == null ? 0 : request.since().toEpochMilli();
      archived = -1; // a listing finds deletions by absence, not from the archive
    } else {
      JsonNode cursor =
          Json.tree(request.cursor().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      watermark = cursor.path("w").asLong();
      archived = cursor.path("aw").asLong();
    }
    state.put("w", watermark);
    state.put("aw", archived);
    state.put("max", watermark);
    state.put("amax", Math.max(archived, watermark));
    return state;
  }

  private Mono<Page> search(PollContext context, PageRequest request, ObjectNode state) {
    String entity = context.sync().entity();
    String modified = MODIFIED.get(entity);
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode filter = body.putArray("filterGroups").addObject().putArray("filters").addObject();
    filter.put("propertyName", modified);
    filter.put("operator", "GTE");
    filter.put("value", Long.toString(state.path("w").asLong()));
    ObjectNode sort = body.putArray("sorts").addObject();
    sort.put("propertyName", modified);
    sort.put("direction", "ASCENDING");
    ArrayNode properties = body.putArray("properties");
    PROPERTIES.get(entity).forEach(properties::add);
    properties.add(modified);
    for (String extra : context.setting("properties", "").split(",")) {
      if (!extra.isBlank()) {
        properties.add(extra.strip());
      }
    }
    body.put("limit", PAGE_SIZE);
    if (state.hasNonNull("after")) {
      body.put("after", state.path("after").asString());
    }
    return context
        .calls()
        .send("POST", "/crm/v3/objects/" + entity + "/search", Map.of(), body)
        .map(response -> afterSearch(response.body(), state, modified));
  }

  private Page afterSearch(JsonNode body, ObjectNode state, String modified) {
    List<Change> changes = new ArrayList<>();
    long max = state.path("max").asLong();
    for (JsonNode result : body.path("results")) {
      String version = result.path("properties").path(modified).asString(null);
      if (version == null) {
        version = result.path("updatedAt").asString("");
      }
      max = Math.max(max, millis(version));
      changes.add(Change.upsert(result.path("id").asString(), version, result));
    }
    ObjectNode next = state.deepCopy();
    next.put("max", max);
    String after = body.path("paging").path("next").path("after").asString(null);
    if (after != null && offset(after) + PAGE_SIZE <= SEARCH_CEILING) {
      next.put("after", after);
      return Page.more(changes, next.toString());
    }
    if (after != null) {
      // the search's ceiling: a new search from the newest time seen (GTE repeats the boundary,
      // which the engine drops); one millisecond on if a whole window shared one time
      long from = max > state.path("w").asLong() ? max : max + 1;
      next.put("w", from);
      next.remove("after");
      return Page.more(changes, next.toString());
    }
    if (state.path("aw").asLong() >= 0) {
      next.put("phase", "archived");
      next.remove("after");
      return Page.more(changes, next.toString());
    }
    return Page.last(changes, position(max, max), Instant.ofEpochMilli(max));
  }

  private Mono<Page> archived(PollContext context, ObjectNode state) {
    String entity = context.sync().entity();
    StringBuilder path =
        new StringBuilder("/crm/v3/objects/")
            .append(entity)
            .append("?archived=true&limit=")
            .append(PAGE_SIZE);
    if (state.hasNonNull("after")) {
      path.append("&after=").append(state.path("after").asString());
    }
    long since = state.path("aw").asLong();
    return context
        .calls()
        .get(path.toString(), Map.of())
        .map(
            response -> {
              List<Change> changes = new ArrayList<>();
              long amax = state.path("amax").asLong();
              for (JsonNode result : response.body().path("results")) {
                String archivedAt = result.path("archivedAt").asString("");
                long at = millis(archivedAt);
                if (at >= since) {
                  changes.add(
                      Change.deletion(result.path("id").asString(), "archived:" + archivedAt));
                  amax = Math.max(amax, at);
                }
              }
              ObjectNode next = state.deepCopy();
              next.put("amax", amax);
              String after =
                  response.body().path("paging").path("next").path("after").asString(null);
              if (after != null) {
                next.put("after", after);
                return Page.more(changes, next.toString());
              }
              long max = state.path("max").asLong();
              return Page.last(changes, position(max, amax), Instant.ofEpochMilli(max));
            });
  }

  private static String position(long watermark, long archivedWatermark) {
    ObjectNode cursor = Json.mapper().createObjectNode();
    cursor.put("w", watermark);
    cursor.put("aw", archivedWatermark);
    return cursor.toString();
  }

  private static long offset(String after) {
    try {
      return Long.parseLong(after);
    } catch (NumberFormatException e) {
      return 0; // an opaque token: no offset to compare with the ceiling
    }
  }

  /** HubSpot writes times as RFC 3339 in search results and as ms in some properties. */
  static long millis(String time) {
    if (time == null || time.isEmpty()) {
      return 0;
    }
    if (Character.isDigit(time.charAt(0)) && time.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(time);
    }
    return Instant.parse(time).toEpochMilli();
  }
}
