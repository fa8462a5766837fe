package io.hookyard.app.support.vendor.sapodata;

import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.schemas.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SAP Gateway with one OData v2 service ({@link #V2_SERVICE}, entity set {@code
 * A_BusinessPartner}) and one OData v4 service ({@link #V4_SERVICE}, entity set {@code
 * SalesOrder}), as vendors.md §15 describes them:
 *
 * <ul>
 *   <li>Basic authentication ({@link #USER}/{@link #PASSWORD}), or a bearer token from {@code POST
 *       /oauth/token} (client credentials, as BTP's XSUAA grants them; {@link #expireToken}), else
 *       401 with {@code WWW-Authenticate: Basic} and an HTML page, as the ICM answers.
 *   <li>{@code $filter=<field> ge|gt <literal>} on the modified field only: v2 takes {@code
 *       datetimeoffset'…'} for its {@code Edm.DateTimeOffset} field and refuses {@code datetime'…'}
 *       and bare literals; v4 takes only the bare literal. {@code $orderby} on any properties,
 *       {@code $select}, {@code $format=json} (v2 answers Atom XML without it or an Accept of
 *       JSON). Unknown properties and wrong literals: 400 in the version's error format (v2 {@code
 *       error.message.value} with an SAP {@code innererror}, v4 {@code error.message}).
 *   <li>Server-driven paging of {@link #pageSize} rows (v4: less when {@code Prefer:
 *       odata.maxpagesize} asks), {@code $skiptoken} offsets: v2 {@code d.__next} absolute, v4
 *       {@code @odata.nextLink} relative to the service root. v2 dates {@code /Date(ms)/} ({@code
 *       /Date(ms+0000)/} for offsets), v4 RFC 3339 with {@code @odata.etag}.
 *   <li>{@code X-CSRF-Token: Fetch} is answered as SAP does (a token) but counted: reads need none.
 *   <li>{@link #throttleNext}: 429 with {@code Retry-After}, as API Management in front of a
 *       Gateway answers.
 * </ul>
 *
 * Not modelled: {@code $metadata} beyond a stub, {@code $expand}, {@code $inlinecount}/{@code
 * $count}, delta links ({@code !deltatoken}), sessions and cookies, the CSRF round-trip of writes,
 * batch requests, services that ignore {@code $filter} or {@code $orderby}.
 */
public final class SapODataFake extends VendorFake {
  public static final String USER = "HOOKYARD_RFC";
  public static final String PASSWORD = "Welcome1-sap!";
  public static final String V2_SERVICE = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
  public static final String V4_SERVICE =
      "/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001";
  public static final String V2_SET = "A_BusinessPartner";
  public static final String V4_SET = "SalesOrder";
  private static final Pattern FILTER =
      Pattern.compile("(\\w+) (ge|gt) (datetimeoffset'([^']+)'|datetime'([^']+)'|(\\S+))");

  private final Map<String, Map<String, Row>> sets = new ConcurrentHashMap<>();
  private volatile int pageSize = 10;
  private int throttleNext;
  private int throttled;
  private int csrfFetches;
  private Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  private record Row(String key, Map<String, Object> fields, Instant changed) {}

  private record EntitySet(String service, String key, String version) {}

  private static final Map<String, EntitySet> SETS =
      Map.of(
          V2_SET, new EntitySet(V2_SERVICE, "BusinessPartner", "v2"),
          V4_SET, new EntitySet(V4_SERVICE, "SalesOrder", "v4"));

  public SapODataFake() {}

  /** On {@code port} (0: any free one); see {@link SapODataFakeMain}. */
  public SapODataFake(int port) {
    super(port);
  }

  public void pageSize(int rows) {
    this.pageSize = rows;
  }

  /** Creates or changes a row; each change gets a later {@code LastChangeDateTime}. */
  public synchronized void put(String set, String key, Map<String, Object> fields) {
    Map<String, Row> rows = sets.computeIfAbsent(set, s -> new ConcurrentHashMap<>());
    Row old = rows.get(key);
    Map<String, Object> merged = new LinkedHashMap<>(old == null ? Map.of() : old.fields());
    merged.putAll(fields);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock = now.isAfter(clock) ? now : clock.plusSeconds(1);
    rows.put(key, new Row(key, merged, clock));
  }

  /** Deletes a row for good: OData without delta links tells nobody. */
  public void delete(String set, String key) {
    sets.getOrDefault(set, Map.of()).remove(key);
  }

  public synchronized void throttleNext(int n) {
    this.throttleNext = n;
  }

  public synchronized int throttled() {
    return throttled;
  }

  /** Requests that asked for a CSRF token: a reader needs none. */
  public synchronized int csrfFetches() {
    return csrfFetches;
  }

  /** Calls without the right Basic credentials or bearer token. */
  public long unauthorized() {
    return calls().stream().filter(c -> !authorized(c)).count();
  }

  /** The OAuth client of {@code POST /oauth/token} (client credentials, as BTP's XSUAA grants). */
  public static final String CLIENT_ID = "sb-hookyard!t1";

  public static final String CLIENT_SECRET = "xsuaa-secret";

  private volatile String bearer;
  private final java.util.concurrent.atomic.AtomicInteger grants =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Client-credentials tokens issued so far. */
  public int grants() {
    return grants.get();
  }

  /** The current bearer token stops working (expired): the next call with it gets 401. */
  public void expireToken() {
    bearer = "expired-" + bearer;
  }

  private boolean authorized(Call call) {
    if (bearer != null && ("Bearer " + bearer).equals(call.header("Authorization"))) {
      return true;
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return expected.equals(call.header("Authorization"));
  }

  @Override
  protected synchronized Answer answer(Call call) {
    if ("fetch".equalsIgnoreCase(call.header("X-CSRF-Token"))) {
      csrfFetches++;
    }
    if (call.path().equals("/oauth/token")) {
      Map<String, String> form = GatewayAnswers.query(call.body());
      if (!CLIENT_ID.equals(form.get("client_id"))
          || !CLIENT_SECRET.equals(form.get("client_secret"))
          || !"client_credentials".equals(form.get("grant_type"))) {
        return new Answer(
            401,
            Map.of("Content-Type", "application/json"),
            "{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials\"}");
      }
      bearer = "xsuaa-" + grants.incrementAndGet();
      return new Answer(
          200,
          Map.of("Content-Type", "application/json"),
          "{\"access_token\":\""
              + bearer
              + "\",\"token_type\":\"bearer\",\"expires_in\":43199,\"scope\":\"uaa.resource\"}");
    }
    if (!authorized(call)) {
      return new Answer(
          401,
          Map.of(
              "WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server [S4H/100]\"",
              "Content-Type", "text/html"),
          "<html><head><title>Logon Error Message</title></head><body>Anmeldung fehlgeschlagen"
              + "</body></html>");
    }
    if (throttleNext > 0) {
      throttleNext--;
      throttled++;
      return new Answer(
          429,
          Map.of("Retry-After", "1", "Content-Type", "application/json"),
          "{\"fault\":{\"faultstring\":\"Rate limit quota violation\","
              + "\"detail\":{\"errorcode\":\"policies.ratelimit.QuotaViolation\"}}}");
    }
    if (call.path().endsWith("/$metadata")) {
      return new Answer(
          200,
          Map.of("Content-Type", "application/xml"),
          "<?xml version=\"1.0\"?><edmx:Edmx Version=\"1.0\""
              + " xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\"/>");
    }
    String path = call.path();
    String setName = path.substring(path.lastIndexOf('/') + 1);
    EntitySet set = SETS.get(setName);
    if (set == null || !path.equals(set.service() + "/" + setName)) {
      return GatewayAnswers.error(
          "v2", 404, "/IWBEP/CM_MGW_RT/021", "Resource not found for segment '" + setName + "'");
    }
    return list(call, setName, set);
  }

  private Answer list(Call call, String setName, EntitySet set) {
    String v = set.version();
    Map<String, String> query = GatewayAnswers.query(call.query());
    if (v.equals("v2")
        && !"json".equals(query.get("$format"))
        && !String.valueOf(call.header("Accept")).contains("json")) {
      return new Answer(200, Map.of("Content-Type", "application/atom+xml"), "<feed/>");
    }
    Set<String> properties = properties(setName);
    Instant from = null;
    boolean strictly = false;
    String filter = query.get("$filter");
    if (filter != null) {
      Matcher m = FILTER.matcher(filter);
      if (!m.matches()) {
        return GatewayAnswers.error(
            v, 400, "/IWBEP/CM_MGW_RT/004", "Invalid filter expression: '" + filter + "'");
      }
      if (!properties.contains(m.group(1))) {
        return GatewayAnswers.error(
            v, 400, "/IWBEP/CM_MGW_RT/022", "Property '" + m.group(1) + "' is invalid");
      }
      if (!m.group(1).equals("LastChangeDateTime")) {
        return GatewayAnswers.error(
            v, 501, "/IWBEP/CM_MGW_RT/010", "Filter on " + m.group(1) + " is not supported");
      }
      String literal =
          v.equals("v2")
              ? m.group(4)
              : m.group(6) != null && !m.group(6).contains("'") ? m.group(6) : null;
      if (literal == null) {
        return GatewayAnswers.error(
            v,
            400,
            "/IWBEP/CM_MGW_RT/005",
            "Invalid parametertype used at function 'ge' (Position: 19)");
      }
      try {
        from = java.time.OffsetDateTime.parse(literal).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        try {
          from = LocalDateTime.parse(literal).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException again) {
          return GatewayAnswers.error(
              v, 400, "/IWBEP/CM_MGW_RT/005", "Invalid literal '" + literal + "'");
        }
      }
      strictly = m.group(2).equals("gt");
    }
    List<String> select =
        query.containsKey("$select") ? List.of(query.get("$select").split(",")) : List.of();
    for (String s : select) {
      if (!properties.contains(s)) {
        return GatewayAnswers.error(
            v, 400, "/IWBEP/CM_MGW_RT/022", "Property '" + s + "' is invalid");
      }
    }
    Comparator<Row> order = Comparator.comparing(Row::key);
    if (query.containsKey("$orderby")) {
      order = null;
      for (String part : query.get("$orderby").split(",")) {
        String field = part.strip().split(" ")[0];
        if (!properties.contains(field)) {
          return GatewayAnswers.error(
              v, 400, "/IWBEP/CM_MGW_RT/022", "Property '" + field + "' is invalid");
        }
        Comparator<Row> next =
            field.equals("LastChangeDateTime")
                ? Comparator.comparing(Row::changed)
                : Comparator.comparing(
                    r -> String.valueOf(field.equals(set.key()) ? r.key() : r.fields().get(field)));
        order = order == null ? next : order.thenComparing(next);
      }
    }
    Instant since = from;
    boolean gt = strictly;
    List<Row> rows =
        sets.getOrDefault(setName, Map.of()).values().stream()
            .filter(
                r ->
                    since == null
                        || (gt ? r.changed().isAfter(since) : !r.changed().isBefore(since)))
            .sorted(order)
            .toList();
    int size = pageSize;
    String prefer = call.header("Prefer");
    if (v.equals("v4") && prefer != null && prefer.startsWith("odata.maxpagesize=")) {
      size = Math.min(size, Integer.parseInt(prefer.substring("odata.maxpagesize=".length())));
    }
    int start = Integer.parseInt(query.getOrDefault("$skiptoken", "0"));
    List<Object> page = new ArrayList<>();
    for (int i = start; i < Math.min(rows.size(), start + size); i++) {
      page.add(render(v, setName, set, rows.get(i), select));
    }
    String next = null;
    if (start + size < rows.size()) {
      Map<String, String> nextQuery = new LinkedHashMap<>(query);
      nextQuery.put("$skiptoken", "" + (start + size));
      StringBuilder link = new StringBuilder(setName).append('?');
      nextQuery.forEach(
          (k, val) ->
              link.append(k)
                  .append('=')
                  .append(URLEncoder.encode(val, StandardCharsets.UTF_8).replace("+", "%20"))
                  .append('&'));
      link.setLength(link.length() - 1);
      next = v.equals("v2") ? baseUrl() + set.service() + "/" + link : link.toString();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (v.equals("v2")) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("results", page);
      if (next != null) {
        d.put("__next", next);
      }
      body.put("d", d);
    } else {
      body.put("@odata.context", "$metadata#" + setName);
      body.put("@odata.metadataEtag", "W/\"20240101000000\"");
      body.put("value", page);
      if (next != null) {
        body.put("@odata.nextLink", next);
      }
    }
    return new Answer(
        200,
        Map.of(
            "Content-Type",
            "application/json",
            v.equals("v2") ? "dataserviceversion" : "OData-Version",
            v.equals("v2") ? "2.0" : "4.0"),
        Json.writeString(body));
  }

  private Set<String> properties(String setName) {
    Set<String> names =
        new java.util.HashSet<>(Set.of(SETS.get(setName).key(), "LastChangeDateTime"));
    sets.getOrDefault(setName, Map.of()).values().forEach(r -> names.addAll(r.fields().keySet()));
    return names;
  }

  private ObjectNode render(String v, String setName, EntitySet set, Row row, List<String> select) {
    ObjectNode record = Json.mapper().createObjectNode();
    if (v.equals("v2")) {
      ObjectNode meta = record.putObject("__metadata");
      String uri = baseUrl() + set.service() + "/" + setName + "('" + row.key() + "')";
      meta.put("id", uri);
      meta.put("uri", uri);
      meta.put("type", "API_BUSINESS_PARTNER." + setName + "Type");
    } else {
      record.put("@odata.etag", "W/\"" + row.changed().toEpochMilli() + "\"");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put(set.key(), row.key());
    all.putAll(row.fields());
    all.put(
        "LastChangeDateTime",
        v.equals("v2")
            ? "/Date(" + row.changed().toEpochMilli() + "+0000)/"
            : row.changed().toString());
    all.forEach(
        (k, val) -> {
          if (select.isEmpty() || select.contains(k)) {
            record.set(k, Json.mapper().valueToTree(val));
          }
        });
    if (v.equals("v2") && select.isEmpty()) {
      record.putObject("to_BusinessPartnerAddress").putObject("__deferred").put("uri", "…");
    }
    return record;
  }
}
