package io.hookyard.ingest.vendor.dynamics365;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.ingest.vendor.DeltaVersions;
import io.hookyard.schemas.config.ConnectionConfig;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Dataverse change tracking through the Web API (vendors.md §8, "Change tracking" and "Paging";
 * learn.microsoft.com "Use change tracking to synchronize data with external systems").
 *
 * <ul>
 *   <li>Entities: the entity sets {@code accounts}, {@code contacts}, {@code opportunities}, {@code
 *       invoices}, read as {@code GET /api/data/v9.2/<set>?$select=…} (the columns below plus the
 *       sync's {@code select} setting) on the connection's {@code org_url}. The table must have
 *       Track changes enabled; {@code $filter}, {@code $orderby} and {@code $top} are not allowed
 *       with it.
 *   <li>Headers: {@code Prefer: odata.track-changes,odata.maxpagesize=<page_size>} (default {@value
 *       #PAGE_SIZE}, Dataverse ignores more than 5,000).
 *   <li>Paging: {@code @odata.nextLink} ({@code $skiptoken}, a paging cookie) is the page cursor.
 *   <li>Position: the last page's {@code @odata.deltaLink} ({@code $deltatoken}); every delta
 *       answer carries a new one.
 *   <li>Deletions: {@code {"@odata.context": "…/$metadata#<set>/$deletedEntity", "id", "reason"}}.
 *   <li>Records: id from the primary key ({@code accountid}, …); version from {@code @odata.etag}
 *       (the row version), else {@code modifiedon}.
 *   <li>Expired tokens (older than {@code Organization.ExpireChangeTrackingInDays}, default 7):
 *       410, or the error {@code 0x80044352} ("Version stamp associated with the client has
 *       expired") → {@link Page#expiredCursor()}, and the engine lists everything as a full resync.
 *   <li>Limits: service protection per user per web server, 6,000 requests per 5 minutes; 429 with
 *       {@code Retry-After} (seconds), honoured by the engine's {@link VendorCalls}; {@code
 *       x-ms-ratelimit-*-remaining-xrm-requests} headers are diagnostic only. Tokens: Entra ID
 *       client credentials with scope {@code <org_url>/.default}, about an hour.
 * </ul>
 */
public final class Dynamics365Poller implements Poller {
  static final int PAGE_SIZE = 500;
  static final String API = "/api/data/v9.2/";
  static final String EXPIRED_VERSION_STAMP = "0x80044352";

  private static final Map<String, String> KEYS =
      Map.of(
          "accounts", "accountid",
          "contacts", "contactid",
          "opportunities", "opportunityid",
          "invoices", "invoiceid");
  private static final Map<String, String> COLUMNS =
      Map.of(
          "accounts",
          "name,websiteurl,telephone1,emailaddress1,accountnumber,address1_city,"
              + "address1_country,industrycode,createdon,modifiedon",
          "contacts",
          "firstname,lastname,emailaddress1,telephone1,mobilephone,jobtitle,"
              + "_parentcustomerid_value,createdon,modifiedon",
          "opportunities",
          "name,estimatedvalue,estimatedclosedate,stepname,statecode,_parentaccountid_value,"
              + "_transactioncurrencyid_value,createdon,modifiedon",
          "invoices",
          "name,invoicenumber,totalamount,duedate,statecode,statuscode,_customerid_value,"
              + "_transactioncurrencyid_value,createdon,modifiedon");

  @Override
  public String vendor() {
    return "dynamics365";
  }

  @Override
  public Set<String> entities() {
    return KEYS.keySet();
  }

  /** The connection's own environment, {@code settings.org_url}. */
  @Override
  public URI baseUrl(ConnectionConfig connection) {
    String org = connection.setting("org_url");
    return URI.create(org == null ? "https://org-url-missing.invalid" : org);
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(() -> fetch(context, request));
  }

  private Mono<Page> fetch(PollContext context, PageRequest request) {
    String entity = context.sync().entity();
    String key = KEYS.get(entity);
    if (key == null) {
      return Mono.error(new VendorCalls.VendorFailure("dynamics365 cannot track " + entity));
    }
    String url;
    if (request.pageCursor() != null) {
      url = request.pageCursor();
    } else if (!request.listAll() && request.cursor() != null) {
      url = request.cursor();
    } else {
      url = API + entity + "?$select=" + select(context, entity, key);
    }
    String prefer =
        "odata.track-changes,odata.maxpagesize=" + context.setting("page_size", "" + PAGE_SIZE);
    return context
        .calls()
        .get(url, Map.of("Prefer", prefer, "OData-MaxVersion", "4.0", "OData-Version", "4.0"))
        .map(
            response -> {
              if (expired(response) && !request.listAll()) {
                return Page.expiredCursor();
              }
              if (!response.ok()) {
                throw new VendorCalls.VendorFailure(
                    "dynamics365 answered HTTP " + response.status() + " for " + entity);
              }
              return page(response.body(), request, key);
            });
  }

  /** 400 and 404 reach the poller too, so an expired version stamp is recognised by its code. */
  @Override
  public Set<Integer> judgedStatuses() {
    return Set.of(400, 404, 410);
  }

  /** 410, or Dataverse's ExpiredVersionStamp error (0x80044352) whatever the status. */
  private static boolean expired(VendorCalls.Response response) {
    String code = response.body().path("error").path("code").asString("");
    return response.status() == 410 || EXPIRED_VERSION_STAMP.equalsIgnoreCase(code);
  }

  private static String select(PollContext context, String entity, String key) {
    StringBuilder select = new StringBuilder(key).append(',').append(COLUMNS.get(entity));
    for (String extra : context.setting("select", "").split(",")) {
      if (!extra.isBlank() && !select.toString().contains(extra.strip())) {
        select.append(',').append(extra.strip());
      }
    }
    return select.toString();
  }

  private static Page page(JsonNode body, PageRequest request, String key) {
    List<Change> changes = new ArrayList<>();
    for (JsonNode item : body.path("value")) {
      if (item.path("@odata.context").asString("").endsWith("$deletedEntity")) {
        String id = item.path("id").asString(null);
        if (id != null) {
          String reason = item.path("reason").asString("deleted");
          changes.add(Change.deletion(id, DeltaVersions.removal(reason, request.cursor())));
        }
        continue;
      }
      String id = item.path(key).asString(null);
      if (id == null || before(item, request.since())) {
        continue;
      }
      changes.add(Change.upsert(id, DeltaVersions.of(item, "@odata.etag", "modifiedon"), item));
    }
    String next = body.path("@odata.nextLink").asString(null);
    if (next != null) {
      return Page.more(changes, next);
    }
    String delta = body.path("@odata.deltaLink").asString(null);
    if (delta == null) {
      throw new VendorCalls.VendorFailure(
          "dynamics365 sent no delta link: is Track changes enabled for this table?");
    }
    return Page.last(changes, delta, Instant.now());
  }

  /** An initial load with {@code since} skips rows last modified before it. */
  private static boolean before(JsonNode item, Instant since) {
    String modified = item.path("modifiedon").asString(null);
    return since != null && modified != null && Instant.parse(modified).isBefore(since);
  }
}
