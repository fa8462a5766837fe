package io.hookyard.streams.inbound;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exact Online's sync API records as catalog events: Accounts (customers and suppliers) are
 * companies, Contacts contacts, SalesInvoices invoices (amount {@code AmountDC}, the division's
 * currency, in cents). OData v2 dates ({@code /Date(ms)/}) become RFC 3339; {@code Timestamp} (the
 * row version) and the record's own keys are not copied. Exact does not say which fields changed.
 */
final class ExactOnlineSyncRecords implements SyncRecords {
  private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d+)?\\)/");
  private static final Map<String, String> RESOURCES =
      Map.of("accounts", "company", "contacts", "contact", "sales_invoices", "invoice");
  private static final Map<String, Map<String, String>> NAMES =
      Map.of(
          "accounts",
          Map.of(
              "Name", "name",
              "Code", "code",
              "Email", "email",
              "Phone", "phone",
              "Website", "domain",
              "City", "city",
              "Country", "country"),
          "contacts",
          Map.of(
              "Email", "email",
              "FirstName", "first_name",
              "LastName", "last_name",
              "Phone", "phone",
              "Account", "company_id",
              "JobTitleDescription", "job_title"),
          "sales_invoices",
          Map.of(
              "InvoiceNumber", "number",
              "AmountDC", "amount",
              "Currency", "currency",
              "OrderedBy", "customer_id",
              "DueDate", "due_date",
              "YourRef", "reference"));
  private static final Set<String> NOT_COPIED =
      Set.of("ID", "InvoiceID", "Timestamp", "__metadata");

  @Override
  public String resource(String entity) {
    return RESOURCES.get(entity);
  }

  @Override
  public void fill(String entity, JsonNode record, ObjectNode data) {
    Map<String, String> names = NAMES.getOrDefault(entity, Map.of());
    for (var property : record.properties()) {
      String name = property.getKey();
      JsonNode value = property.getValue();
      if (NOT_COPIED.contains(name) || value.isNull()) {
        continue;
      }
      String text = CatalogData.text(value);
      String date = text == null ? null : date(text);
      String field = names.get(name);
      if (field == null) {
        if (date != null) {
          CatalogData.properties(data).put(name, date);
        } else {
          CatalogData.properties(data).set(name, value);
        }
      } else if (field.equals("amount")) {
        Long cents = cents(text);
        if (cents != null && cents >= 0) { // a credit note's negative amount stays a property
          data.put(field, cents);
        }
        CatalogData.properties(data).set(name, value);
      } else if (field.equals("due_date")) {
        if (date != null) {
          data.put(field, date.substring(0, 10));
        }
      } else if (field.equals("domain")) {
        putDomain(data, text);
      } else if (field.equals("code") && text != null) {
        data.put(field, text.strip()); // Exact pads codes with spaces
      } else {
        CatalogData.putText(data, field, value);
      }
    }
  }

  @Override
  public String field(String entity, String vendorField) {
    return NAMES.getOrDefault(entity, Map.of()).getOrDefault(vendorField, vendorField);
  }

  /** {@code /Date(1700000000000)/} as RFC 3339, else null. */
  static String date(String text) {
    Matcher m = DATE.matcher(text);
    return m.matches() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))).toString() : null;
  }

  private static Long cents(String amount) {
    try {
      return amount == null
          ? null
          : new BigDecimal(amount)
              .movePointRight(2)
              .setScale(0, RoundingMode.HALF_UP)
              .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static void putDomain(ObjectNode data, String url) {
    if (url == null) {
      return;
    }
    String host = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    host = host.replaceFirst("[/?#:].*$", "").replaceFirst("^www\\.", "");
    if (!host.isEmpty()) {
      data.put("domain", host.toLowerCase(java.util.Locale.ROOT));
    }
    CatalogData.properties(data).put("Website", url);
  }
}
