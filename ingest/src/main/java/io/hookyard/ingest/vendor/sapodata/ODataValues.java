package io.hookyard.ingest.vendor.sapodata;

import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OData's time literals and values, v2 and v4 (OData v2 "Overview" §6 Primitive Data Types and
 * "JSON Format" §Primitive Types; OASIS OData v4.01 ABNF {@code dateTimeOffsetValue}).
 *
 * <ul>
 *   <li>v2 {@code $filter} literals: {@code datetime'2024-01-01T00:00:00'} for {@code Edm.DateTime}
 *       (no zone: SAP Gateway reads it as UTC), {@code datetimeoffset'2024-01-01T00:00:00Z'} for
 *       {@code Edm.DateTimeOffset}.
 *   <li>v4 {@code $filter} literal: the bare {@code 2024-01-01T00:00:00Z}.
 *   <li>v2 JSON values: {@code "/Date(1700000000000)/"} (ms since 1970, UTC) or {@code
 *       "/Date(1700000000000+0060)/"} (an offset in minutes, which does not move the instant).
 *   <li>v4 JSON values: RFC 3339 ({@code 2024-01-01T00:00:00.123+02:00}).
 * </ul>
 */
final class ODataValues {
  private static final Pattern V2_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
  private static final DateTimeFormatter V2_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private ODataValues() {}

  /** The {@code $filter} literal for {@code at}: v2 by the field's type, v4 bare. */
  static String literal(String version, String fieldType, Instant at) {
    Instant seconds = at.truncatedTo(ChronoUnit.SECONDS);
    if (!"v2".equals(version)) {
      return seconds.toString();
    }
    return "datetime".equals(fieldType)
        ? "datetime'" + V2_DATETIME.format(seconds) + "'"
        : "datetimeoffset'" + seconds + "'";
  }

  /** A time as either version writes it; null when {@code text} is none. */
  static Instant instant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Matcher v2 = V2_DATE.matcher(text);
    if (v2.matches()) {
      return Instant.ofEpochMilli(Long.parseLong(v2.group(1)));
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /**
   * The record without OData's bookkeeping ({@code __metadata}, {@code __deferred} navigation
   * links, {@code @odata.*} annotations), v2 dates as RFC 3339.
   */
  static ObjectNode clean(JsonNode record) {
    ObjectNode copy = Json.mapper().createObjectNode();
    for (var property : record.properties()) {
      String name = property.getKey();
      JsonNode value = property.getValue();
      if (name.equals("__metadata") || name.contains("@") || value.has("__deferred")) {
        continue;
      }
      if (value.isString() && V2_DATE.matcher(value.asString()).matches()) {
        copy.put(name, instant(value.asString()).toString());
      } else {
        copy.set(name, value);
      }
    }
    return copy;
  }
}
