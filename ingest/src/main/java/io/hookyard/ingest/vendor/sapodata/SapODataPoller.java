package io.hookyard.ingest.vendor.sapodata;

import io.hookyard.ingest.poll.Change;
import io.hookyard.ingest.poll.Page;
import io.hookyard.ingest.poll.PageRequest;
import io.hookyard.ingest.poll.PollContext;
import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any entity set of an SAP OData service, v2 (Gateway, SuccessFactors) or v4 (S/4HANA), polled on a
 * modification time (vendors.md §15; help.sap.com Gateway "Query Options" and "Server-Side Paging";
 * OASIS OData JSON Format v4.0 §Error Response; MS-ODATA v2 verbose JSON).
 *
 * <ul>
 *   <li>Connection: {@code settings.service_url} (the service root, e.g. {@code
 *       https://host/sap/opu/odata/sap/API_BUSINESS_PARTNER}) and {@code version} ({@code v2} or
 *       {@code v4}); Basic credentials or an OAuth client-credentials bearer token.
 *   <li>Sync: {@code entity} is the entity set; {@code settings.key} (comma-separated for a
 *       compound key), {@code modified_field}, optionally {@code select} (more properties), {@code
 *       modified_type} (v2: {@code datetimeoffset}, the default, or {@code datetime}).
 *   <li>Query: {@code $filter=<modified> ge <literal>} (see {@link ODataValues}; {@code ge} repeats
 *       the records at the watermark, which the engine drops by version), {@code
 *       $orderby=<modified> asc,<key> asc}, {@code $select}; v2 adds {@code $format=json}. No
 *       {@code $top}/{@code $skip}: client-side paging skips or repeats rows while records change
 *       (SAP KBA 2675265).
 *   <li>Paging: server-driven, {@code d.__next} (v2) or {@code @odata.nextLink} (v4), followed
 *       verbatim (a relative v4 link is resolved against the service root); v4 asks {@code Prefer:
 *       odata.maxpagesize}.
 *   <li>Reads need no CSRF token: none is fetched ({@code X-CSRF-Token: Fetch} is for writes).
 *   <li>Deletions: without a delta link OData has no deletion feed; the engine's full resync (every
 *       {@code full_resync}) lists the set and reports records gone since the last listing.
 *   <li>Errors: v2 {@code {"error": {"code", "message": {"lang", "value"}}}}, v4 {@code {"error":
 *       {"code", "message"}}}, told in {@code last_error} with the status and SAP's code and text.
 *   <li>Limits: deployment-specific (API Management, BTP); 429 and {@code Retry-After} are honoured
 *       by the engine.
 * </ul>
 *
 * Position cursor: {@code {"w": RFC 3339 watermark}}; page cursor: {@code {"next": link, "max"}}.
 */
public final class SapODataPoller implements Poller {
  static final int PAGE_SIZE = 500;

  @Override
  public String vendor() {
    return "sap-odata";
  }

  /** Any entity set the service has; control checks the name's form. */
  @Override
  public Set<String> entities() {
    return Set.of();
  }

  /** The service's host; the service root's path is put before each entity set. */
  @Override
  public URI baseUrl(ConnectionConfig connection) {
    URI service = serviceUrl(connection);
    return URI.create(service.getScheme() + "://" + service.getRawAuthority());
  }

  @Override
  public Map<String, String> authorization(ConnectionConfig connection, String token) {
    return Map.of(
        "Authorization", ("basic".equals(connection.authType()) ? "Basic " : "Bearer ") + token);
  }

  @Override
  public Set<Integer> judgedStatuses() {
    return Set.of(400, 403, 404, 405, 410, 412, 501);
  }

  @Override
  public Optional<String> cursorAt(Instant from) {
    return Optional.of(position(from));
  }

  @Override
  public Mono<Page> page(PollContext context, PageRequest request) {
    return Mono.defer(() -> fetch(context, request));
  }

  private Mono<Page> fetch(PollContext context, PageRequest request) {
    ConnectionConfig connection = context.connection();
    String version = connection.setting("version") == null ? "v2" : connection.setting("version");
    String entitySet = context.sync().entity();
    String key = context.setting("key", null);
    String modified = context.setting("modified_field", null);
    if (!Set.of("v2", "v4").contains(version)) {
      return Mono.error(new VendorCalls.VendorFailure("sap-odata version must be v2 or v4"));
    }
    if (key == null || modified == null) {
      return Mono.error(
          new VendorCalls.VendorFailure(
              "sap-odata syncs need settings.key and settings.modified_field"));
    }
    String root = serviceUrl(connection).getRawPath().replaceAll("/+$", "");
    Instant max;
    String url;
    if (request.pageCursor() != null) {
      JsonNode state = Json.tree(request.pageCursor().getBytes(StandardCharsets.UTF_8));
      url = state.path("next").asString();
      max = ODataValues.instant(state.path("max").asString(null));
    } else {
      Instant from = from(request);
      max = from;
      url = root + "/" + entitySet + query(context, version, key, modified, from);
    }
    Map<String, String> headers =
        version.equals("v4")
            ? Map.of(
                "Prefer",
                "odata.maxpagesize=" + context.setting("page_size", "" + PAGE_SIZE),
                "OData-MaxVersion",
                "4.0")
            : Map.of("DataServiceVersion", "2.0", "MaxDataServiceVersion", "2.0");
    Instant start = max;
    return context
        .calls()
        .get(url, headers)
        .map(response -> page(response, version, entitySet, root, key, modified, start));
  }

  private static Instant from(PageRequest request) {
    if (request.listAll() || request.cursor() == null) {
      return request.since();
    }
    JsonNode cursor = Json.tree(request.cursor().getBytes(StandardCharsets.UTF_8));
    return ODataValues.instant(cursor.path("w").asString(null));
  }

  static String query(
      PollContext context, String version, String key, String modified, Instant from) {
    Set<String> select = new LinkedHashSet<>(List.of(key.split(",")));
    select.add(modified);
    for (String extra : context.setting("select", "").split(",")) {
      if (!extra.isBlank()) {
        select.add(extra.strip());
      }
    }
    StringBuilder orderby = new StringBuilder(modified).append(" asc");
    for (String part : key.split(",")) {
      orderby.append(',').append(part.strip()).append(" asc");
    }
    StringBuilder query = new StringBuilder("?");
    if (from != null) {
      String literal = ODataValues.literal(version, context.setting("modified_type", ""), from);
      query.append("$filter=").append(encode(modified + " ge " + literal)).append('&');
    }
    query.append("$orderby=").append(encode(orderby.toString()));
    query.append("&$select=").append(encode(String.join(",", select)));
    if (version.equals("v2")) {
      query.append("&$format=json");
    }
    return query.toString();
  }

  private static Page page(
      VendorCalls.Response response,
      String version,
      String entitySet,
      String root,
      String key,
      String modified,
      Instant start) {
    if (!response.ok()) {
      throw new VendorCalls.VendorFailure(
          ODataErrors.describe(version, entitySet, response.status(), response.body()));
    }
    JsonNode body = response.body();
    JsonNode rows = version.equals("v2") ? body.path("d").path("results") : body.path("value");
    if (version.equals("v2") && !rows.isArray() && body.path("d").isArray()) {
      rows = body.path("d"); // OData v1-style answers from older Gateway services
    }
    if (!rows.isArray()) {
      throw new VendorCalls.VendorFailure(
          "sap-odata sent no entity collection for " + entitySet + ": is it an entity set?");
    }
    List<Change> changes = new ArrayList<>();
    Instant max = start;
    for (JsonNode row : rows) {
      ObjectNode record = ODataValues.clean(row);
      String id = id(record, key);
      if (id == null) {
        throw new VendorCalls.VendorFailure(
            "sap-odata records of " + entitySet + " lack the key " + key);
      }
      Instant at = ODataValues.instant(record.path(modified).asString(null));
      if (at != null && (max == null || at.isAfter(max))) {
        max = at;
      }
      changes.add(Change.upsert(id, at == null ? "unknown" : at.toString(), record));
    }
    String next =
        version.equals("v2")
            ? body.path("d").path("__next").asString(null)
            : body.path("@odata.nextLink").asString(null);
    if (next != null && !next.isEmpty()) {
      ObjectNode state = Json.mapper().createObjectNode();
      state.put("next", resolve(root, next));
      state.put("max", max == null ? null : max.toString());
      return Page.more(changes, state.toString());
    }
    Instant watermark = max == null ? Instant.now() : max;
    return Page.last(changes, position(watermark), watermark);
  }

  /** The key's value; a compound key as {@code Part1=v1,Part2=v2}. */
  static String id(JsonNode record, String key) {
    String[] parts = key.split(",");
    if (parts.length == 1) {
      JsonNode value = record.path(key.strip());
      return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
    StringBuilder id = new StringBuilder();
    for (String part : parts) {
      JsonNode value = record.path(part.strip());
      if (value.isMissingNode() || value.isNull()) {
        return null;
      }
      id.append(id.isEmpty() ? "" : ",").append(part.strip()).append('=').append(value.asString());
    }
    return id.toString();
  }

  /** An absolute link as is; a relative one against the service root. */
  static String resolve(String root, String link) {
    if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("/")) {
      return link;
    }
    return root + "/" + link;
  }

  private static URI serviceUrl(ConnectionConfig connection) {
    String service = connection.setting("service_url");
    return URI.create(service == null ? "https://service-url-missing.invalid" : service);
  }

  private static String position(Instant watermark) {
    ObjectNode cursor = Json.mapper().createObjectNode();
    cursor.put("w", watermark == null ? null : watermark.toString());
    return cursor.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
