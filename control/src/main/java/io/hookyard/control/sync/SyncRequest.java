package io.hookyard.control.sync;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of {@code POST /connections/{id}/syncs} and {@code PATCH /syncs/{id}}, checked field
 * by field: each failure is a 422 naming the field. They are read as trees, not bound to records,
 * because the shared JSON mapping ignores unknown fields and a misspelt {@code "intervall"} must
 * not quietly leave the default in place. Nothing is checked against the database here.
 */
final class SyncRequest {
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
  static final Duration DEFAULT_FULL_RESYNC = Duration.ofDays(7);

  /** The longest interval and full resync: beyond a year a schedule is a mistake, not a plan. */
  static final Duration MAX = Duration.ofDays(365);

  private static final int MAX_SETTINGS = 50;
  private static final int MAX_SETTING_LENGTH = 2048;

  /**
   * A new sync as asked for, defaults filled in.
   *
   * @param interval how long after a run ends the next one starts; default {@code PT15M}, {@code
   *     PT10S} to {@code P365D}
   * @param fullResync how often the sync lists everything; default {@code P7D}, {@code PT30S} to
   *     {@code P365D}
   * @param since RFC 3339: first report every record changed since then (an initial load)
   * @param settings plain values the vendor's poller reads
   */
  record Create(
      String entity,
      Duration interval,
      Duration fullResync,
      Instant since,
      Map<String, Object> settings) {}

  /** A change: null keeps the current value. */
  record Patch(Duration interval, Duration fullResync, Boolean paused) {}

  /**
   * The create body as the OpenAPI document shows it (the checked {@link Create} holds parsed
   * values).
   *
   * @param entity one the connection's vendor syncs, for example {@code contacts}
   * @param interval ISO-8601 duration, {@code PT10S} to {@code P365D}; default {@code PT15M}
   * @param fullResync ISO-8601 duration, {@code PT30S} to {@code P365D}; default {@code P7D}
   * @param since RFC 3339; {@code 1970-01-01T00:00:00Z} for everything
   * @param settings plain values for the vendor's poller
   */
  record CreateBody(
      String entity,
      String interval,
      String fullResync,
      String since,
      Map<String, Object> settings) {}

  /** The patch body as the OpenAPI document shows it. */
  record PatchBody(String interval, String fullResync, Boolean paused) {}

  private static final Set<String> CREATE_FIELDS =
      Set.of("entity", "interval", "full_resync", "since", "settings");
  private static final Set<String> PATCH_FIELDS = Set.of("interval", "full_resync", "paused");

  private SyncRequest() {}

  /** Checks a create body for a connection of {@code vendor}. */
  static Create create(JsonNode body, String vendor) {
    requireObject(body);
    unknownFields(body, CREATE_FIELDS, "is not a sync field");
    return new Create(
        entity(body.get("entity"), vendor),
        duration(body, "interval", SyncConfig.MIN_INTERVAL, DEFAULT_INTERVAL),
        duration(body, "full_resync", SyncConfig.MIN_FULL_RESYNC, DEFAULT_FULL_RESYNC),
        since(body.get("since")),
        settings(body.get("settings")));
  }

  /** Checks a patch body: only {@code interval}, {@code full_resync} and {@code paused} change. */
  static Patch patch(JsonNode body) {
    requireObject(body);
    for (String name : body.propertyNames()) {
      if (CREATE_FIELDS.contains(name) && !PATCH_FIELDS.contains(name)) {
        throw ApiException.invalidField(name, "cannot change; make a new sync");
      }
    }
    unknownFields(body, PATCH_FIELDS, "is not a sync field");
    JsonNode paused = body.get("paused");
    if (paused != null && !paused.isNull() && !paused.isBoolean()) {
      throw ApiException.invalidField("paused", "must be true or false");
    }
    return new Patch(
        duration(body, "interval", SyncConfig.MIN_INTERVAL, null),
        duration(body, "full_resync", SyncConfig.MIN_FULL_RESYNC, null),
        paused == null || paused.isNull() ? null : paused.booleanValue());
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("malformed_json", "the body must be a JSON object");
    }
  }

  private static void unknownFields(JsonNode body, Set<String> known, String message) {
    for (String name : body.propertyNames()) {
      if (!known.contains(name)) {
        throw ApiException.invalidField(name, message);
      }
    }
  }

  private static String entity(JsonNode node, String vendor) {
    List<String> entities =
        SyncEntities.of(vendor)
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "entity", vendor + " has no syncs; a connection's vendor must offer one"));
    String entity = node != null && node.isString() ? node.stringValue() : null;
    if (entity == null || !SyncEntities.accepts(vendor, entity)) {
      throw ApiException.invalidField(
          "entity", vendor + " syncs one of " + String.join(", ", entities));
    }
    return entity;
  }

  /** The duration in {@code field}, {@code fallback} when absent or null. */
  private static Duration duration(JsonNode body, String field, Duration min, Duration fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    Duration value;
    try {
      value = node.isString() ? Duration.parse(node.stringValue()) : null;
    } catch (DateTimeParseException e) {
      value = null;
    }
    if (value == null) {
      throw ApiException.invalidField(field, "must be an ISO-8601 duration such as PT15M");
    }
    if (value.compareTo(min) < 0 || value.compareTo(MAX) > 0) {
      throw ApiException.invalidField(
          field, "must be at least " + SyncView.text(min) + " and at most " + SyncView.text(MAX));
    }
    return value;
  }

  private static Instant since(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      if (node.isString()) {
        return OffsetDateTime.parse(node.stringValue()).toInstant();
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw ApiException.invalidField(
        "since", "must be an RFC 3339 time such as 1970-01-01T00:00:00Z");
  }

  private static Map<String, Object> settings(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw ApiException.invalidField("settings", "must be an object of plain values");
    }
    if (node.size() > MAX_SETTINGS) {
      throw ApiException.invalidField("settings", "at most " + MAX_SETTINGS + " settings");
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode value = e.getValue();
      String field = "settings." + e.getKey();
      if (e.getKey().isEmpty() || e.getKey().length() > 64) {
        throw ApiException.invalidField(field, "names are 1 to 64 characters");
      }
      if (!value.isValueNode() || value.isNull()) {
        throw ApiException.invalidField(field, "must be a string, number or boolean");
      }
      if (value.isString() && value.stringValue().length() > MAX_SETTING_LENGTH) {
        throw ApiException.invalidField(field, "at most " + MAX_SETTING_LENGTH + " characters");
      }
      settings.put(e.getKey(), Json.mapper().treeToValue(value, Object.class));
    }
    return settings;
  }
}
