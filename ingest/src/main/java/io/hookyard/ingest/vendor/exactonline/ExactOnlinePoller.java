package io.hookyard.ingest.vendor.exactonline;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online's sync API (vendors.md §11 "Polling", §20.6 "Limits"; Exact's "API types": the sync
 * APIs are based on row versioning, every insert or change gets a {@code Timestamp} higher than any
 * before).
 *
 * <ul>
 *   <li>Entities: {@code accounts} ({@code GET /api/v1/{division}/sync/CRM/Accounts}), {@code
 *       contacts} ({@code sync/CRM/Contacts}), {@code sales_invoices} ({@code
 *       sync/SalesInvoice/SalesInvoices}); {@code $select} names the fields (the sync API wants
 *       it), no {@code $expand}: related records (invoice lines) would be calls of their own, in
 *       the connection's budget, and are not fetched.
 *   <li>Division: the connection's {@code settings.division}, in every path; one connection per
 *       division, so the connection's budget is the division's.
 *   <li>Cursor: {@code $filter=Timestamp gt <n>L}, the highest {@code Timestamp} reported; 1,000
 *       records per page, the next page's URL in {@code d.__next} ({@code $skiptoken}, never {@code
 *       $skip}), followed until absent.
 *   <li>Deletions: {@code GET /api/v1/{division}/sync/Deleted?$filter=Timestamp gt <n>L and
 *       EntityType eq <code>} (2 Accounts, 5 Contacts, 13 SalesInvoices), {@code EntityKey} the
 *       deleted record's id, after the records of the same run, with a watermark of its own. An
 *       initial load or full resync reads them only to move that watermark (the engine finds what
 *       is gone by listing).
 *   <li>Limits: 60 calls per minute per division and 5,000 per day, shown in {@code
 *       X-RateLimit-Minutely-Remaining/-Reset} and {@code X-RateLimit-Remaining/-Reset} (Unix
 *       milliseconds), which the connection's budget reads; 429 when spent, without Retry-After.
 *   <li>Tokens: OAuth 2.0 authorization code; access tokens live 10 minutes, refresh tokens are
 *       single-use (control's refresher, one at a time per connection).
 * </ul>
 *
 * <p>Positions: the run's cursor is {@code <records watermark>|<deleted watermark>}; a page cursor
 * is {@code <phase>|<records watermark>|<deleted watermark>|<next URL>}, so every page committed
 * carries what the run has seen so far.
 */
public final class ExactOnlinePoller implements Poller {
  static final int PAGE_SIZE = 1000;
  static final String VENDOR = "exact-online";

  /** An entity of the sync API: its path, key, fields and code in {@code sync/Deleted}. */
  record Entity(String path, String key, String select, int deletedType) {}

  static final Map<String, Entity> ENTITIES =
      Map.of(
          "accounts",
          new Entity(
              "sync/CRM/Accounts",
              "ID",
              "ID,Code,Name,Email,Phone,Website,AddressLine1,City,Postcode,Country,Status,"
                  + "VATNumber,ChamberOfCommerce,Created,Modified,Timestamp",
              2),
          "contacts",
          new Entity(
              "sync/CRM/Contacts",
              "ID",
              "ID,Account,FirstName,LastName,FullName,Email,Phone,Mobile,JobTitleDescription,"
                  + "Created,Modified,Timestamp",
              5),
          "sales_invoices",
          new Entity(
              "sync/SalesInvoice/SalesInvoices",
              "InvoiceID",
              "InvoiceID,InvoiceNumber,OrderedBy,InvoiceTo,AmountDC,AmountFC,Currency,InvoiceDate,"
                  + "DueDate,Status,Type,YourRef,Description,Created,Modified,Timestamp",
              13));

  @Override
  public String vendor() {
    return VENDOR;
  }

  @Override
  public Set<String> entities() {
    return ENTITIES.keySet();
  }

  @Override
  public URI baseUrl(ConnectionConfig connection) {
    return URI.create("https://start.exactonline.nl");
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(() -> fetch(context, request));
  }

  private Mono<Page> fetch(PollContext context, PageRequest request) {
    Entity entity = ENTITIES.get(context.sync().entity());
    String division = context.connection().setting("division");
    if (entity == null) {
      return Mono.error(
          new VendorCalls.VendorFailure("exact-online cannot sync " + context.sync().entity()));
    }
    if (division == null) {
      return Mono.error(
          new VendorCalls.VendorFailure("the exact-online connection names no division"));
    }
    Position at = Position.of(request);
    String url = at.url != null ? at.url : firstUrl(division, entity, at);
    return context
        .calls()
        .get(url, Map.of())
        .map(
            response -> {
              if (!response.ok()) {
                throw new VendorCalls.VendorFailure(
                    "exact-online answered HTTP " + response.status() + " for " + entity.path());
              }
              return page(response.body(), entity, at, request);
            });
  }

  private static String firstUrl(String division, Entity entity, Position at) {
    String base = "/api/v1/" + division + "/";
    if (at.deletions) {
      return base
          + "sync/Deleted?$select=EntityKey,EntityType,Timestamp&$filter="
          + encode("Timestamp gt " + at.deleted + "L and EntityType eq " + entity.deletedType());
    }
    return base
        + entity.path()
        + "?$select="
        + entity.select()
        + "&$filter="
        + encode("Timestamp gt " + at.records + "L");
  }

  private static Page page(JsonNode body, Entity entity, Position at, PageRequest request) {
    JsonNode d = body.path("d");
    JsonNode results = d.has("results") ? d.path("results") : d;
    List<Change> changes = new ArrayList<>();
    long records = at.records;
    long deleted = at.deleted;
    for (JsonNode item : results) {
      long timestamp = timestamp(item.path("Timestamp"));
      if (at.deletions) {
        deleted = Math.max(deleted, timestamp);
        String id = item.path("EntityKey").asString(null);
        if (id != null && !request.listAll()) {
          changes.add(Change.deletion(id, "deleted:" + timestamp));
        }
        continue;
      }
      records = Math.max(records, timestamp);
      String id = item.path(entity.key()).asString(null);
      if (id == null || before(item, request.since())) {
        continue;
      }
      changes.add(Change.upsert(id, Long.toString(timestamp), item));
    }
    String next = d.path("__next").asString(null);
    if (next != null) {
      return Page.more(changes, new Position(at.deletions, records, deleted, next).encode());
    }
    if (!at.deletions) {
      return Page.more(changes, new Position(true, records, deleted, null).encode());
    }
    return Page.last(changes, records + "|" + deleted, Instant.now());
  }

  /** Exact sends Edm.Int64 as a number or, OData v2 style, as text. */
  static long timestamp(JsonNode value) {
    try {
      return value.isNumber() ? value.asLong() : Long.parseLong(value.asString("0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** An initial load with {@code since} skips records last modified before it. */
  private static boolean before(JsonNode item, Instant since) {
    Instant modified = ExactDates.parse(item.path("Modified").asString(null));
    return since != null && modified != null && modified.isBefore(since);
  }

  private static String encode(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Where a run stands: which phase, the watermarks seen so far, the next page's URL. */
  private record Position(boolean deletions, long records, long deleted, String url) {
    static Position of(PageRequest request) {
      if (request.pageCursor() != null) {
        String[] parts = request.pageCursor().split("\\|", 4);
        return new Position(
            parts[0].equals("d"),
            Long.parseLong(parts[1]),
            Long.parseLong(parts[2]),
            parts.length < 4 || parts[3].isEmpty() ? null : parts[3]);
      }
      long records = 0;
      long deleted = 0;
      if (request.cursor() != null) {
        String[] parts = request.cursor().split("\\|", 2);
        deleted = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        records = request.listAll() ? 0 : Long.parseLong(parts[0]);
      }
      return new Position(false, records, deleted, null);
    }

    String encode() {
      return (deletions ? "d" : "r")
          + "|"
          + records
          + "|"
          + deleted
          + "|"
          + (url == null ? "" : url);
    }
  }
}
