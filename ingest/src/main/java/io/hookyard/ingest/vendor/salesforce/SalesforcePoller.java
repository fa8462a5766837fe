package io.hookyard.ingest.vendor.salesforce;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Salesforce REST polling (vendors.md §9, "REST polling" and "Limits"; developer.salesforce.com
 * "Query", "sObject Get Deleted", "API usage headers").
 *
 * <ul>
 *   <li>Entities: {@code Account}, {@code Contact}, {@code Opportunity}, or {@code sobject} with
 *       the sync's {@code settings.sobject} naming any other ({@code Case}, {@code Invoice__c});
 *       {@code settings.fields} adds fields to the defaults ({@link Soql}).
 *   <li>Host and version: the token answer's {@code instance_url} (the engine sends paths there);
 *       {@code /services/data/<api_version>}, the sync's or else the connection's {@code
 *       api_version}, default {@value Soql#DEFAULT_API_VERSION}.
 *   <li>Changes: {@code GET …/query?q=SELECT … WHERE SystemModstamp > :w OR (SystemModstamp = :w
 *       AND Id > :id) ORDER BY SystemModstamp, Id}, {@code Sforce-Query-Options: batchSize=} {@code
 *       page_size} (200 to 2,000, default 2,000; Salesforce may send fewer); {@code nextRecordsUrl}
 *       until {@code done}. A query locator the org no longer knows (400 {@code
 *       INVALID_QUERY_LOCATOR}: it lives about 15 minutes) starts the query again after the last
 *       record seen, which the (stamp, Id) watermark makes exact.
 *   <li>Deletions: {@code GET …/sobjects/{type}/deleted/?start&end} (whole minutes; {@code start}
 *       must precede {@code end} by more than a minute, so a run sooner than that asks next time);
 *       the next window starts at the answer's {@code latestDateCovered}. Deletions are kept
 *       {@value #DELETED_DAYS} days (less when the recycle bin was emptied): a window starting
 *       earlier, or 400 {@code INVALID_REPLICATION_DATE}, is {@link Page#expiredCursor()} and the
 *       engine lists everything as a full resync.
 *   <li>Limits: {@code Sforce-Limit-Info: api-usage=used/limit} on every answer, read by the engine
 *       into the connection's budget, which stops the run at the connection's {@code
 *       max_api_share}; 403 {@code REQUEST_LIMIT_EXCEEDED} (the allocation spent) fails the run in
 *       our words. Tokens: OAuth refresh; no {@code expires_in}, so a 401 {@code
 *       INVALID_SESSION_ID} has the engine refresh once.
 * </ul>
 *
 * Position: {@code {"w": stamp, "id": last Id at it, "d": deletions from}}; page cursor the same
 * plus {@code phase} ({@code deleted}, {@code query}), {@code next} (a {@code nextRecordsUrl}) and
 * the last record seen ({@code mw}, {@code mid}).
 */
public final class SalesforcePoller implements Poller {
  static final int PAGE_SIZE = 2000;
  static final int DELETED_DAYS = 15;
  private static final Set<Integer> JUDGED = Set.of(400, 403, 404);

  private final Clock clock;

  public SalesforcePoller() {
    this(Clock.systemUTC());
  }

  SalesforcePoller(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String vendor() {
    return "salesforce";
  }

  @Override
  public Set<String> entities() {
    return Soql.entities();
  }

  /** Where the login is; calls go to the instance the token answer names. */
  @Override
  public URI baseUrl(ConnectionConfig connection) {
    return URI.create("https://login.salesforce.com");
  }

  @Override
  public Set<Integer> judgedStatuses() {
    return JUDGED;
  }

  @Override
  public Optional<String> cursorAt(Instant from) {
    return Optional.of(position(from, "", from));
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(
        () -> {
          ObjectNode state =
              request.pageCursor() != null ? parse(request.pageCursor()) : first(request);
          if (state == null) {
            return Mono.just(Page.expiredCursor());
          }
          return "deleted".equals(state.path("phase").asString())
              ? deleted(context, state)
              : query(context, state);
        });
  }

  /** The first page's state; null when the deletions since the position are no longer kept. */
  private ObjectNode first(PageRequest request) {
    Instant now = clock.instant();
    ObjectNode state = Json.mapper().createObjectNode();
    if (request.listAll() || request.cursor() == null) {
      state.put("phase", "query");
      if (request.since() != null) {
        state.put("w", request.since().toString());
      }
      state.put("id", "");
      state.put("d", now.toString()); // deletions during the listing show in the next window
    } else {
      ObjectNode position = parse(request.cursor());
      Instant d = Instant.parse(position.path("d").asString());
      if (d.isBefore(now.minus(Duration.ofDays(DELETED_DAYS)))) {
        return null;
      }
      state.setAll(position);
      boolean due = d.isBefore(now.minus(Duration.ofSeconds(61)));
      state.put("phase", due ? "deleted" : "query");
    }
    state.put("mw", state.path("w").asString(""));
    state.put("mid", state.path("id").asString(""));
    return state;
  }

  private Mono<Page> deleted(PollContext context, ObjectNode state) {
    String sobject = sobject(context);
    Instant start = Instant.parse(state.path("d").asString());
    String path = Soql.deletedPath(version(context), sobject, start, clock.instant());
    return context
        .calls()
        .get(path, Map.of())
        .map(
            response -> {
              if (response.status() == 400 && code(response).equals("INVALID_REPLICATION_DATE")) {
                return Page.expiredCursor();
              }
              refuseUnlessOk(response, "the deletions of " + sobject);
              JsonNode body = response.body();
              Instant earliest = Soql.time(body.path("earliestDateAvailable").asString(null));
              if (earliest != null && earliest.isAfter(start)) {
                return Page.expiredCursor(); // the org purged deletions we have not read
              }
              List<Change> changes = new ArrayList<>();
              for (JsonNode deleted : body.path("deletedRecords")) {
                String id = deleted.path("id").asString(null);
                if (id != null) {
                  changes.add(
                      Change.deletion(id, "deleted:" + deleted.path("deletedDate").asString("")));
                }
              }
              Instant covered = Soql.time(body.path("latestDateCovered").asString(null));
              ObjectNode next = state.deepCopy();
              next.put("phase", "query");
              if (covered != null && covered.isAfter(start)) {
                next.put("d", covered.toString());
              }
              return Page.more(changes, next.toString());
            });
  }

  private Mono<Page> query(PollContext context, ObjectNode state) {
    String sobject = sobject(context);
    String url;
    if (state.hasNonNull("next")) {
      url = state.path("next").asString();
    } else {
      List<String> fields = Soql.fields(sobject, context.setting("fields", null));
      String w = state.path("mw").asString("");
      String soql =
          Soql.changesAfter(
              sobject, fields, w.isEmpty() ? null : Instant.parse(w), state.path("mid").asString());
      url = Soql.queryPath(version(context), soql);
    }
    int size = Math.max(200, Math.min(PAGE_SIZE, pageSize(context)));
    return context
        .calls()
        .get(url, Map.of("Sforce-Query-Options", "batchSize=" + size))
        .map(
            response -> {
              if (state.hasNonNull("next") && !response.ok()) {
                // the query locator is gone: ask again after the last record seen
                ObjectNode again = state.deepCopy();
                again.remove("next");
                return Page.more(List.of(), again.toString());
              }
              refuseUnlessOk(response, "the query of " + sobject);
              return afterQuery(response.body(), state);
            });
  }

  private static Page afterQuery(JsonNode body, ObjectNode state) {
    List<Change> changes = new ArrayList<>();
    ObjectNode next = state.deepCopy();
    for (JsonNode record : body.path("records")) {
      String id = record.path("Id").asString(null);
      String stamp = record.path("SystemModstamp").asString(null);
      if (id == null || stamp == null) {
        throw new VendorCalls.VendorFailure(
            "salesforce sent a record without Id or SystemModstamp");
      }
      ObjectNode fields = ((ObjectNode) record).deepCopy();
      fields.remove("attributes");
      changes.add(new Change(id, stamp, false, created(fields), List.of(), fields));
      next.put("mw", Soql.time(stamp).toString());
      next.put("mid", id);
    }
    String more = body.path("nextRecordsUrl").asString(null);
    if (!body.path("done").asBoolean(true) && more != null) {
      next.put("next", more);
      return Page.more(changes, next.toString());
    }
    String w = next.path("mw").asString("");
    Instant at = w.isEmpty() ? null : Instant.parse(w);
    return Page.last(
        changes,
        position(at, next.path("mid").asString(""), Instant.parse(next.path("d").asString())),
        at);
  }

  /** New when Salesforce created it at its last modification; otherwise the engine decides. */
  private static Boolean created(JsonNode fields) {
    String created = fields.path("CreatedDate").asString(null);
    return created != null && created.equals(fields.path("LastModifiedDate").asString(null))
        ? Boolean.TRUE
        : null;
  }

  /** Anything but a 2xx fails the run, with Salesforce's error code and never its message. */
  private static void refuseUnlessOk(VendorCalls.Response response, String what) {
    if (response.ok()) {
      return;
    }
    String code = code(response);
    if (response.status() == 403 && code.equals("REQUEST_LIMIT_EXCEEDED")) {
      throw new VendorCalls.VendorFailure(
          "salesforce refused "
              + what
              + ": the org's daily API allocation is spent (REQUEST_LIMIT_EXCEEDED)");
    }
    throw new VendorCalls.VendorFailure(
        "salesforce refused "
            + what
            + " (HTTP "
            + response.status()
            + (code.isEmpty() ? "" : " " + code)
            + ")");
  }

  /** The first {@code errorCode} of Salesforce's error array, or empty. */
  static String code(VendorCalls.Response response) {
    JsonNode body = response.body();
    JsonNode first = body.isArray() ? body.path(0) : body;
    String code = first.path("errorCode").asString("");
    return code.matches("[A-Z_]{1,64}") ? code : "";
  }

  private static String sobject(PollContext context) {
    return Soql.sobject(context.sync().entity(), context.setting("sobject", null));
  }

  private static String version(PollContext context) {
    Object connection = context.connection().settings().get("api_version");
    return Soql.version(
        context.setting("api_version", connection == null ? null : connection.toString()));
  }

  private static int pageSize(PollContext context) {
    try {
      return Integer.parseInt(context.setting("page_size", Integer.toString(PAGE_SIZE)));
    } catch (NumberFormatException e) {
      return PAGE_SIZE;
    }
  }

  private static String position(Instant watermark, String id, Instant deletedFrom) {
    ObjectNode cursor = Json.mapper().createObjectNode();
    if (watermark != null) {
      cursor.put("w", watermark.toString());
    }
    cursor.put("id", id);
    cursor.put("d", deletedFrom.toString());
    return cursor.toString();
  }

  private static ObjectNode parse(String json) {
    return (ObjectNode) Json.tree(json.getBytes(StandardCharsets.UTF_8));
  }
}
