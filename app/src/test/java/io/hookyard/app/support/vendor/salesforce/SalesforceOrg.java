package io.hookyard.app.support.vendor.salesforce;

import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records of one fake Salesforce org: sObjects with Salesforce's ids (18 characters, the key
 * prefix of their type: {@code 001} Account, {@code 003} Contact, {@code 006} Opportunity, {@code
 * 00T} Task), {@code CreatedDate}/{@code LastModifiedDate}/{@code SystemModstamp} in whole seconds
 * (so records written in the same second share a stamp), the fields each type has (a query or a
 * write naming another is {@code INVALID_FIELD}), and the delete log with the earliest date it
 * still holds. The SOQL it understands is the shape a sync sends: {@code SELECT f, … FROM T [WHERE
 * SystemModstamp >= t | SystemModstamp > t [OR (SystemModstamp = t AND Id > 'x')]] ORDER BY
 * SystemModstamp, Id [LIMIT n]}.
 */
final class SalesforceOrg {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
  private static final Map<String, String> PREFIX =
      Map.of("Account", "001", "Contact", "003", "Opportunity", "006", "Task", "00T");
  private static final Set<String> STANDARD =
      Set.of("Id", "SystemModstamp", "CreatedDate", "LastModifiedDate");
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "Account",
          Set.of("Name", "Type", "Industry", "Website", "Phone", "BillingCountry", "Hub_Id__c"),
          "Contact",
          Set.of("FirstName", "LastName", "Email", "Phone", "Title", "AccountId", "Hub_Id__c"),
          "Opportunity",
          Set.of("Name", "Amount", "StageName", "CloseDate", "AccountId", "Probability"),
          "Task",
          Set.of(
              "Subject",
              "Status",
              "Priority",
              "ActivityDate",
              "Description",
              "WhoId",
              "WhatId",
              "Hub_Event_Id__c"),
          "Case",
          Set.of("Subject", "Status", "Origin"));
  private static final Pattern QUERY =
      Pattern.compile(
          "SELECT (.+?) FROM (\\w+)(?: WHERE (.+?))? ORDER BY SystemModstamp, Id(?: LIMIT (\\d+))?");
  private static final Pattern AFTER_PAIR =
      Pattern.compile("SystemModstamp > (\\S+) OR \\(SystemModstamp = (\\S+) AND Id > '(\\w+)'\\)");
  private static final Pattern FROM = Pattern.compile("SystemModstamp (>=|>) (\\S+)");

  record Deleted(String type, String id, Instant at) {}

  /** A query's outcome: the records in order, or Salesforce's error code and message. */
  record Result(List<ObjectNode> records, String errorCode, String message) {}

  private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
  private final List<Deleted> deleted = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private Instant earliestDeleted = Instant.EPOCH;

  static boolean knownType(String type) {
    return FIELDS.containsKey(type);
  }

  /** The first field of {@code fields} the type does not have, or null. */
  static String unknownField(String type, Iterable<String> fields) {
    for (String field : fields) {
      if (!STANDARD.contains(field) && !FIELDS.getOrDefault(type, Set.of()).contains(field)) {
        return field;
      }
    }
    return null;
  }

  synchronized String create(String type, Map<String, ?> fields, Instant at) {
    String id =
        PREFIX.getOrDefault(type, "a00") + String.format("%012d", ids.incrementAndGet()) + "AAA";
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("Id", id);
    String stamp = TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
    record.put("CreatedDate", stamp);
    record.put("LastModifiedDate", stamp);
    record.put("SystemModstamp", stamp);
    fields.forEach((k, v) -> record.set(k, Json.mapper().valueToTree(v)));
    records.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, record);
    return id;
  }

  synchronized void update(String type, String id, Map<String, ?> fields, Instant at) {
    ObjectNode record = records.get(type).get(id);
    fields.forEach((k, v) -> record.set(k, Json.mapper().valueToTree(v)));
    String stamp = TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
    record.put("LastModifiedDate", stamp);
    record.put("SystemModstamp", stamp);
  }

  synchronized void delete(String type, String id, Instant at) {
    if (records.getOrDefault(type, Map.of()).remove(id) != null) {
      deleted.add(new Deleted(type, id, at.truncatedTo(ChronoUnit.SECONDS)));
    }
  }

  synchronized ObjectNode get(String type, String id) {
    ObjectNode record = records.getOrDefault(type, Map.of()).get(id);
    return record == null ? null : record.deepCopy();
  }

  synchronized List<String> findBy(String type, String field, String value) {
    return records.getOrDefault(type, Map.of()).values().stream()
        .filter(r -> value.equals(r.path(field).asString(null)))
        .map(r -> r.path("Id").asString())
        .toList();
  }

  synchronized int count(String type) {
    return records.getOrDefault(type, Map.of()).size();
  }

  /** The recycle bin was emptied: the delete log holds nothing before now. */
  synchronized void purgeDeleted(Instant now) {
    deleted.clear();
    earliestDeleted = now.truncatedTo(ChronoUnit.SECONDS);
  }

  synchronized Instant earliestDeleted() {
    return earliestDeleted;
  }

  /** Deletions of {@code type} at or after {@code start} and before {@code end}. */
  synchronized List<Deleted> deleted(String type, Instant start, Instant end) {
    return deleted.stream()
        .filter(d -> d.type().equals(type) && !d.at().isBefore(start) && d.at().isBefore(end))
        .toList();
  }

  synchronized Result query(String soql) {
    Matcher m = QUERY.matcher(soql.trim());
    if (!m.matches()) {
      return new Result(null, "MALFORMED_QUERY", "unexpected token");
    }
    String type = m.group(2);
    if (!knownType(type)) {
      return new Result(null, "INVALID_TYPE", "sObject type '" + type + "' is not supported.");
    }
    Set<String> fields = new TreeSet<>();
    for (String f : m.group(1).split(",")) {
      fields.add(f.trim());
    }
    String unknown = unknownField(type, fields);
    if (unknown != null) {
      return new Result(
          null, "INVALID_FIELD", "No such column '" + unknown + "' on entity '" + type + "'.");
    }
    Comparator<ObjectNode> order =
        Comparator.comparing((ObjectNode r) -> stamp(r))
            .thenComparing(r -> r.path("Id").asString());
    java.util.function.Predicate<ObjectNode> where = r -> true;
    String condition = m.group(3);
    if (condition != null) {
      Matcher pair = AFTER_PAIR.matcher(condition);
      Matcher from = FROM.matcher(condition);
      if (pair.matches() && pair.group(1).equals(pair.group(2))) {
        Instant at = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(pair.group(1)));
        String after = pair.group(3);
        where =
            r -> {
              int c = stamp(r).compareTo(at);
              return c > 0 || c == 0 && r.path("Id").asString().compareTo(after) > 0;
            };
      } else if (from.matches()) {
        Instant at = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(from.group(2)));
        boolean inclusive = from.group(1).equals(">=");
        where = r -> stamp(r).isAfter(at) || inclusive && stamp(r).equals(at);
      } else {
        return new Result(null, "MALFORMED_QUERY", "unexpected condition");
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode r : records.getOrDefault(type, Map.of()).values()) {
      if (where.test(r)) {
        ObjectNode row = Json.mapper().createObjectNode();
        ObjectNode attributes = row.putObject("attributes");
        attributes.put("type", type);
        attributes.put(
            "url", "/services/data/v62.0/sobjects/" + type + "/" + r.path("Id").asString());
        for (String f : fields) {
          row.set(f, r.has(f) ? r.get(f) : Json.mapper().nullNode());
        }
        out.add(row);
      }
    }
    out.sort(order);
    if (m.group(4) != null) {
      int limit = Integer.parseInt(m.group(4));
      return new Result(out.subList(0, Math.min(limit, out.size())), null, null);
    }
    return new Result(out, null, null);
  }

  private static Instant stamp(ObjectNode record) {
    return Instant.from(TIME.parse(record.path("SystemModstamp").asString()));
  }
}
