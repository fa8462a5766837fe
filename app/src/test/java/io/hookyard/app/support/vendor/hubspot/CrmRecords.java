package io.hookyard.app.support.vendor.hubspot;

import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.CrmObject;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.Reply;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CRM fake's objects and how HubSpot finds them: {@code POST /crm/v3/objects/{type}/search}
 * (one filter group, {@code GTE}/{@code GT} on the modified property in ms, ascending by it with
 * ties by id, {@code limit} at most 200, {@code after} an offset, 400 past {@link
 * HubSpotCrmFake#SEARCH_CEILING}; archived objects not found) and {@code GET
 * /crm/v3/objects/{type}?archived=true} (archived objects with {@code archivedAt}).
 */
final class CrmRecords {
  /** The object types the fake knows, each with the property that holds its modification time. */
  private static final Map<String, String> MODIFIED =
      Map.of(
          "contacts", "lastmodifieddate",
          "companies", "hs_lastmodifieddate",
          "deals", "hs_lastmodifieddate");

  private final Map<String, Map<String, CrmObject>> objects = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final AtomicInteger searches = new AtomicInteger();

  static boolean knows(String type) {
    return MODIFIED.containsKey(type);
  }

  String create(String type, Map<String, String> properties, Instant at) {
    String id = Integer.toString(ids.incrementAndGet());
    objects
        .computeIfAbsent(type, t -> new ConcurrentHashMap<>())
        .put(
            id,
            new CrmObject(id, Map.copyOf(properties), at.toEpochMilli(), at.toEpochMilli(), null));
    return id;
  }

  void update(String type, String id, Map<String, String> changes, Instant at) {
    objects
        .get(type)
        .computeIfPresent(
            id,
            (k, o) -> {
              Map<String, String> next = new LinkedHashMap<>(o.properties());
              next.putAll(changes);
              return new CrmObject(id, Map.copyOf(next), o.createdAt(), at.toEpochMilli(), null);
            });
  }

  void archive(String type, String id, Instant at) {
    objects
        .get(type)
        .computeIfPresent(
            id,
            (k, o) ->
                new CrmObject(id, o.properties(), o.createdAt(), o.updatedAt(), at.toEpochMilli()));
  }

  void purge(String type, String id) {
    objects.get(type).remove(id);
  }

  int searches() {
    return searches.get();
  }

  Reply search(String type, JsonNode request) {
    searches.incrementAndGet();
    String modified = MODIFIED.get(type);
    int limit = request.path("limit").asInt(10);
    int after =
        request.path("after").isMissingNode()
            ? 0
            : Integer.parseInt(request.path("after").asString());
    if (limit > 200) {
      return new Reply(
          400,
          "{\"status\":\"error\",\"message\":\"limit must be at most 200\","
              + "\"category\":\"VALIDATION_ERROR\"}");
    }
    if (after + limit > HubSpotCrmFake.SEARCH_CEILING) {
      return new Reply(
          400,
          "{\"status\":\"error\",\"message\":\"There was a problem with the"
              + " request.\",\"category\":\"VALIDATION_ERROR\"}");
    }
    long from = Long.MIN_VALUE;
    boolean strict = false;
    for (JsonNode f : request.path("filterGroups").path(0).path("filters")) {
      if (f.path("propertyName").asString().equals(modified)) {
        from = Long.parseLong(f.path("value").asString());
        strict = f.path("operator").asString().equals("GT");
      }
    }
    long since = from;
    boolean gt = strict;
    List<CrmObject> found =
        objects.getOrDefault(type, Map.of()).values().stream()
            .filter(o -> o.archivedAt() == null)
            .filter(o -> gt ? o.updatedAt() > since : o.updatedAt() >= since)
            .sorted(
                Comparator.comparingLong(CrmObject::updatedAt)
                    .thenComparing(o -> Long.parseLong(o.id())))
            .toList();
    List<String> wanted = new ArrayList<>();
    request.path("properties").forEach(p -> wanted.add(p.asString()));
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("total", found.size());
    ArrayNode results = answer.putArray("results");
    for (CrmObject o :
        found.subList(Math.min(after, found.size()), Math.min(after + limit, found.size()))) {
      results.add(json(o, modified, wanted));
    }
    if (after + limit < found.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(after + limit));
    }
    return new Reply(200, answer.toString());
  }

  Reply archived(String type, Map<String, String> query) {
    if (!"true".equals(query.get("archived"))) {
      return new Reply(400, "{\"status\":\"error\",\"message\":\"only archived listing here\"}");
    }
    int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
    int after = Integer.parseInt(query.getOrDefault("after", "0"));
    List<CrmObject> gone =
        objects.getOrDefault(type, Map.of()).values().stream()
            .filter(o -> o.archivedAt() != null)
            .sorted(Comparator.comparing(o -> Long.parseLong(o.id())))
            .toList();
    ObjectNode answer = Json.mapper().createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (CrmObject o :
        gone.subList(Math.min(after, gone.size()), Math.min(after + limit, gone.size()))) {
      ObjectNode item = json(o, MODIFIED.get(type), List.of());
      item.put("archivedAt", Instant.ofEpochMilli(o.archivedAt()).toString());
      results.add(item);
    }
    if (after + limit < gone.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(after + limit));
    }
    return new Reply(200, answer.toString());
  }

  private static ObjectNode json(CrmObject o, String modified, List<String> wanted) {
    ObjectNode item = Json.mapper().createObjectNode();
    item.put("id", o.id());
    ObjectNode props = item.putObject("properties");
    props.put("hs_object_id", o.id());
    props.put("createdate", Instant.ofEpochMilli(o.createdAt()).toString());
    props.put(modified, Instant.ofEpochMilli(o.updatedAt()).toString());
    for (String name : wanted) {
      if (o.properties().containsKey(name)) {
        props.put(name, o.properties().get(name));
      } else if (!props.has(name)) {
        props.putNull(name);
      }
    }
    item.put("createdAt", Instant.ofEpochMilli(o.createdAt()).toString());
    item.put("updatedAt", Instant.ofEpochMilli(o.updatedAt()).toString());
    item.put("archived", o.archivedAt() != null);
    return item;
  }
}
