package io.hookyard.dispatch.vendor.exactonline;

import io.hookyard.dispatch.destination.Action;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online {@code create_sales_invoice} (vendors.md §20.6): Exact offers no idempotency key, so
 * the invoice's own number, in {@code YourRef}, is the check before creating:
 *
 * <ol>
 *   <li>{@code GET …/api/v1/{division}/salesinvoice/SalesInvoices?$filter=YourRef eq
 *       '<ref>'&$select=InvoiceID,InvoiceNumber,YourRef}: found means an earlier try (whose answer
 *       was lost) created it — done, with its {@code InvoiceID};
 *   <li>else {@code POST …/salesinvoice/SalesInvoices} {@code {"OrderedBy", "Journal", "YourRef",
 *       "Description", "SalesInvoiceLines": [{"Item", "Quantity", "UnitPrice", "Description"}]}} —
 *       lines inside the header (deep insert) — answered 201 with {@code d.InvoiceID}, the {@code
 *       vendor_object_id}.
 * </ol>
 *
 * Input from a transform: that body, in Exact's field names; {@code YourRef} is required. Default
 * from an {@code invoice.*} event's {@code data}: {@code OrderedBy} from {@code customer_id},
 * {@code YourRef} from {@code number} (else {@code id}), one line of {@code amount} cents with the
 * endpoint's {@code settings.item}; {@code settings.journal} (default {@code "70"}).
 */
final class CreateSalesInvoice implements Action {
  static final String INVOICES = "salesinvoice/SalesInvoices";
  static final String DEFAULT_JOURNAL = "70";

  @Override
  public String type() {
    return ExactOnline.VENDOR;
  }

  @Override
  public String name() {
    return "create_sales_invoice";
  }

  @Override
  public URI defaultBaseUrl() {
    return ExactOnline.BASE;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> invoice = invoice(input);
    Object ref = invoice.get("YourRef");
    if (ref == null) {
      return Mono.just(
          new Result.Refused(null, "invalid_input: no YourRef (the invoice's number)"));
    }
    if (invoice.get("OrderedBy") == null) {
      return Mono.just(new Result.Refused(null, "invalid_input: no OrderedBy (the customer)"));
    }
    URI find =
        ExactOnline.url(
            call,
            INVOICES
                + "?$filter=YourRef%20eq%20"
                + ExactOnline.literal(ref.toString())
                + "&$select=InvoiceID,InvoiceNumber,YourRef");
    if (find == null) {
      return Mono.just(
          new Result.Refused(null, "invalid_connection: the connection names no division"));
    }
    return call.send(Request.json("GET", find, null))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Mono.just(ExactOnline.classify(found, "invoice lookup", null));
              }
              String id = Input.text(ExactOnline.first(found), "InvoiceID");
              if (id != null) {
                return Mono.just(new Result.Done(found, id));
              }
              return call.send(Request.json("POST", ExactOnline.url(call, INVOICES), invoice))
                  .map(
                      r ->
                          ExactOnline.classify(
                              r, "sales invoice", Input.text(r.json().path("d"), "InvoiceID")));
            });
  }

  private static Map<String, Object> invoice(Input input) {
    JsonNode data = input.data();
    if (input.transformed()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> given =
          io.hookyard.schemas.json.Json.mapper().convertValue(data, LinkedHashMap.class);
      given.putIfAbsent("Journal", journal(input));
      return given;
    }
    Map<String, Object> invoice = new LinkedHashMap<>();
    invoice.put("OrderedBy", Input.text(data, "customer_id"));
    invoice.put("Journal", journal(input));
    invoice.put("YourRef", Input.text(data, "number", "id"));
    invoice.put("Description", input.headline());
    Map<String, Object> line = new LinkedHashMap<>();
    String item = input.setting("item");
    if (item != null) {
      line.put("Item", item);
    }
    line.put("Quantity", 1);
    String cents = Input.text(data, "amount");
    if (cents != null) {
      try {
        line.put("UnitPrice", new BigDecimal(cents).movePointLeft(2));
      } catch (NumberFormatException e) {
        // no price: Exact takes the item's
      }
    }
    line.put("Description", input.headline());
    invoice.put("SalesInvoiceLines", List.of(line));
    return invoice;
  }

  private static String journal(Input input) {
    String journal = input.setting("journal");
    return journal == null ? DEFAULT_JOURNAL : journal;
  }
}
