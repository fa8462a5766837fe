package io.hookyard.ingest.vendor.salesforce;

import io.hookyard.ingest.poll.VendorCalls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SOQL a Salesforce sync sends, and Salesforce's time formats. Only names that look like API
 * names reach a query (sObjects and fields come from settings, so nothing can be injected), and the
 * only value in it is a watermark we formatted ourselves.
 */
final class Soql {
  static final String DEFAULT_API_VERSION = "v62.0";

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  private static final Pattern FIELD =
      Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}(\\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{15,18}");
  private static final Pattern VERSION = Pattern.compile("v[0-9]{2,3}\\.[0-9]");

  /**
   * What every query selects: the id, the watermark field and the two dates telling new from old.
   */
  private static final List<String> ALWAYS =
      List.of("Id", "SystemModstamp", "CreatedDate", "LastModifiedDate");

  private static final Map<String, List<String>> DEFAULT_FIELDS =
      Map.of(
          "Account",
          List.of("Name", "Type", "Industry", "Website", "Phone", "BillingCountry"),
          "Contact",
          List.of("FirstName", "LastName", "Email", "Phone", "Title", "AccountId"),
          "Opportunity",
          List.of("Name", "Amount", "StageName", "CloseDate", "AccountId", "Probability"));

  /** Salesforce writes times as {@code 2026-11-01T09:00:00.000+0000}. */
  private static final DateTimeFormatter VENDOR_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX");

  /** A SOQL dateTime literal, and the getDeleted start/end: whole seconds, UTC. */
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

  private Soql() {}

  static Set<String> entities() {
    return Set.of("Account", "Contact", "Opportunity", "sobject");
  }

  /** The sObject a sync's entity stands for: itself, or for {@code sobject} the setting's. */
  static String sobject(String entity, String setting) {
    String name = entity.equals("sobject") ? setting : entity;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new VendorCalls.VendorFailure(
          "the sync's settings.sobject must name a Salesforce object, such as Case or Invoice__c");
    }
    return name;
  }

  /** The REST API version in paths: the setting's, checked, or {@value #DEFAULT_API_VERSION}. */
  static String version(String setting) {
    if (setting == null || setting.isBlank()) {
      return DEFAULT_API_VERSION;
    }
    if (!VERSION.matcher(setting).matches()) {
      throw new VendorCalls.VendorFailure("api_version must look like v62.0");
    }
    return setting;
  }

  /** The fields to select: always the id and dates, the entity's defaults, then the setting's. */
  static List<String> fields(String sobject, String extra) {
    Set<String> fields = new LinkedHashSet<>(ALWAYS);
    fields.addAll(DEFAULT_FIELDS.getOrDefault(sobject, List.of()));
    if (extra != null) {
      for (String field : extra.split(",")) {
        String name = field.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (!FIELD.matcher(name).matches()) {
          throw new VendorCalls.VendorFailure(
              "the sync's settings.fields must be API names separated by commas");
        }
        fields.add(name);
      }
    }
    return List.copyOf(fields);
  }

  /**
   * The changes after the watermark {@code (stamp, id)}: records whose SystemModstamp is later, or
   * equal with a greater Id, in that order — stamps have whole seconds and many records share one,
   * so the Id breaks ties and a query that starts again after any record loses and repeats nothing.
   * With no stamp it lists everything.
   */
  static String changesAfter(String sobject, List<String> fields, Instant stamp, String id) {
    StringBuilder q =
        new StringBuilder("SELECT ").append(String.join(", ", fields)).append(" FROM ");
    q.append(sobject);
    if (stamp != null) {
      String at = literal(stamp);
      if (id == null || id.isEmpty()) {
        q.append(" WHERE SystemModstamp >= ").append(at);
      } else if (ID.matcher(id).matches()) {
        q.append(" WHERE SystemModstamp > ").append(at);
        q.append(" OR (SystemModstamp = ").append(at).append(" AND Id > '").append(id).append("')");
      } else {
        throw new IllegalArgumentException("not a Salesforce id");
      }
    }
    return q.append(" ORDER BY SystemModstamp, Id").toString();
  }

  static String queryPath(String version, String soql) {
    return "/services/data/" + version + "/query?q=" + encode(soql);
  }

  static String deletedPath(String version, String sobject, Instant start, Instant end) {
    return "/services/data/"
        + version
        + "/sobjects/"
        + sobject
        + "/deleted/?start="
        + encode(literal(start))
        + "&end="
        + encode(literal(end));
  }

  /** {@code 2026-11-01T09:00:00+00:00}: whole seconds, which is all Salesforce stores. */
  static String literal(Instant time) {
    return LITERAL.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A Salesforce time ({@code …000+0000}, or ISO with {@code Z}); null when there is none. */
  static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return VENDOR_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      return Instant.parse(text);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
