package io.hookyard.app.support.vendor.salesforce;

import io.hookyard.app.support.vendor.ConsentPage;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.schemas.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Salesforce org on loopback, as vendors.md §9 and §20.4 and Salesforce's REST docs describe it:
 *
 * <ul>
 *   <li>{@code POST /services/oauth2/token}: the authorization-code and refresh-token grants,
 *       answering {@code access_token}, {@code instance_url} (this server), {@code id}, {@code
 *       issued_at}, {@code signature} and no {@code expires_in}; {@link #expireTokens()} makes
 *       every access token answer 401 {@code [{"errorCode": "INVALID_SESSION_ID"}]}. {@code GET
 *       /services/oauth2/authorize} consents at once: a 302 to {@code redirect_uri} with {@link
 *       #CODE} and the {@code state} (no sign-in page, no check of the client id).
 *   <li>{@code GET …/query?q=} ({@link SalesforceOrg}'s SOQL), pages of {@code
 *       Sforce-Query-Options: batchSize} (200 to 2,000, default 2,000; {@link #pageSize} lowers it
 *       for tests) linked by {@code nextRecordsUrl}; {@link #forgetQueryLocators()} makes them 400
 *       {@code INVALID_QUERY_LOCATOR}.
 *   <li>{@code GET …/sobjects/{type}/deleted/?start&end}: whole minutes, {@code start} more than a
 *       minute before {@code end}, not before the delete log's earliest date (else 400 {@code
 *       INVALID_REPLICATION_DATE}); {@code latestDateCovered} is {@code end}'s minute.
 *   <li>Writes: {@code PATCH …/sobjects/{type}/{field}/{value}} upserts (201 created, 200 {@code
 *       created: false} updated, 204 for API versions before 46.0, 300 when several match), {@code
 *       POST …/sobjects/{type}} creates; unknown fields 400 {@code INVALID_FIELD}, a Contact
 *       without {@code LastName} {@code REQUIRED_FIELD_MISSING}, a {@code WhoId}/{@code WhatId}
 *       naming no record {@code INVALID_CROSS_REFERENCE_KEY}; other errors by {@link #failNext}.
 *   <li>The daily allocation: every API call counts; every answer carries {@code Sforce-Limit-Info:
 *       api-usage=used/limit}; past the limit 403 {@code REQUEST_LIMIT_EXCEEDED}.
 * </ul>
 *
 * Not modelled: SOQL beyond the sync's shape; query locators expiring by idle time (only {@link
 * #forgetQueryLocators()}); deletions kept 15 days (only {@link #purgeDeleted()} moves the earliest
 * date); the delete log purged every two hours above a size; {@code EXCEEDED_ID_LIMIT}; the 16 KB
 * URI limit; {@code ?updateOnly=true}; sObject Collections; the {@code .inc} external-id 404;
 * sharing rules; picklist values; concurrent-request limits.
 */
public final class SalesforceFake extends VendorFake {
  public static final String CLIENT_ID = "sf-consumer-key";
  public static final String CLIENT_SECRET = "sf-consumer-secret";
  public static final String CODE = "sf-code";

  private static final Pattern DATA = Pattern.compile("/services/data/v(\\d+)\\.(\\d)(/.*)");
  private static final Pattern NEXT = Pattern.compile("/query/(\\w+)-(\\d+)");
  private static final Pattern DELETED = Pattern.compile("/sobjects/(\\w+)/deleted/?");
  private static final Pattern UPSERT = Pattern.compile("/sobjects/(\\w+)/(\\w+)/([^/]+)");
  private static final Pattern CREATE = Pattern.compile("/sobjects/(\\w+)/?");

  private final SalesforceOrg org = new SalesforceOrg();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, List<ObjectNode>> locators = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicLong used = new AtomicLong();
  private volatile long limit = 15_000;
  private volatile int pageSize = 2000;
  private volatile boolean refuseRefresh;

  public SalesforceFake() {}

  /** On {@code port} (0: any free one); see {@link SalesforceFakeMain}. */
  public SalesforceFake(int port) {
    super(port);
  }

  /** Ids of the records of {@code type} whose {@code field} is {@code value}. */
  public List<String> findBy(String type, String field, String value) {
    return org.findBy(type, field, value);
  }

  public int count(String type) {
    return org.count(type);
  }

  /** A record as stored, or null. */
  public tools.jackson.databind.node.ObjectNode record(String type, String id) {
    return org.get(type, id);
  }

  public String create(String type, Map<String, ?> fields) {
    return org.create(type, fields, Instant.now());
  }

  public void update(String type, String id, Map<String, ?> fields) {
    org.update(type, id, fields, Instant.now());
  }

  public void delete(String type, String id) {
    org.delete(type, id, Instant.now());
  }

  /** Every access token issued so far is refused from now on (a session timeout, a revocation). */
  public void expireTokens() {
    tokens.clear();
  }

  public void refuseRefresh(boolean refuse) {
    this.refuseRefresh = refuse;
  }

  public int refreshes() {
    return refreshes.get();
  }

  /** Pages hold at most this many records, whatever the caller asks. */
  public void pageSize(int size) {
    this.pageSize = size;
  }

  public void forgetQueryLocators() {
    locators.clear();
  }

  /** The org's rolling 24-h API usage and its daily allocation. */
  public void usage(long used, long limit) {
    this.used.set(used);
    this.limit = limit;
  }

  public long used() {
    return used.get();
  }

  /** The recycle bin was emptied: deletions before now are no longer known. */
  public void purgeDeleted() {
    org.purgeDeleted(Instant.now());
  }

  @Override
  protected Answer answer(Call call) {
    if (call.path().equals("/services/oauth2/token")) {
      return token(call);
    }
    if (call.path().equals("/services/oauth2/authorize")) { // consent given at once
      String back = ConsentPage.location(call.query(), CODE);
      return back == null ? json(400, Map.of("error", "redirect_uri_mismatch")) : redirect(back);
    }
    Matcher data = DATA.matcher(call.path());
    if (!data.matches()) {
      return json(404, List.of(error("NOT_FOUND", "The requested resource does not exist")));
    }
    String auth = call.header("authorization");
    if (auth == null || !tokens.contains(auth.replaceFirst("^Bearer ", ""))) {
      return json(401, List.of(error("INVALID_SESSION_ID", "Session expired or invalid")));
    }
    long now = used.incrementAndGet();
    Answer answer =
        now > limit
            ? json(403, List.of(error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")))
            : api(call, Integer.parseInt(data.group(1)), data.group(3));
    Map<String, String> headers = new LinkedHashMap<>(answer.headers());
    headers.put("Sforce-Limit-Info", "api-usage=" + Math.min(now, limit) + "/" + limit);
    return new Answer(answer.status(), headers, answer.body());
  }

  private Answer api(Call call, int version, String path) {
    Matcher m;
    if (call.method().equals("GET") && path.equals("/query")) {
      String soql = param(call.query(), "q");
      SalesforceOrg.Result result = org.query(soql == null ? "" : soql);
      if (result.records() == null) {
        return json(400, List.of(error(result.errorCode(), result.message())));
      }
      String locator = "01g" + Long.toHexString(System.nanoTime());
      locators.put(locator, result.records());
      return page(locator, 0, batch(call), version);
    }
    if (call.method().equals("GET") && (m = NEXT.matcher(path)).matches()) {
      if (!locators.containsKey(m.group(1))) {
        return json(400, List.of(error("INVALID_QUERY_LOCATOR", "invalid query locator")));
      }
      return page(m.group(1), Integer.parseInt(m.group(2)), batch(call), version);
    }
    if (call.method().equals("GET") && (m = DELETED.matcher(path)).matches()) {
      return deleted(m.group(1), call.query());
    }
    if (call.method().equals("PATCH") && (m = UPSERT.matcher(path)).matches()) {
      String value = URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
      return SalesforceWrites.upsert(org, m.group(1), m.group(2), value, call.json(), version);
    }
    if (call.method().equals("POST") && (m = CREATE.matcher(path)).matches()) {
      return SalesforceWrites.create(org, m.group(1), call.json());
    }
    return json(404, List.of(error("NOT_FOUND", "The requested resource does not exist")));
  }

  private int batch(Call call) {
    int asked = 2000;
    String options = call.header("sforce-query-options");
    if (options != null && options.startsWith("batchSize=")) {
      asked = Math.max(200, Math.min(2000, Integer.parseInt(options.substring(10).trim())));
    }
    return Math.min(asked, pageSize);
  }

  private Answer page(String locator, int offset, int size, int version) {
    List<ObjectNode> all = locators.get(locator);
    int end = Math.min(all.size(), offset + size);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("totalSize", all.size());
    body.put("done", end >= all.size());
    if (end < all.size()) {
      body.put("nextRecordsUrl", "/services/data/v" + version + ".0/query/" + locator + "-" + end);
    } else {
      locators.remove(locator);
    }
    body.putArray("records").addAll(all.subList(offset, end));
    return json(200, body);
  }

  private Answer deleted(String type, String query) {
    Instant start = time(param(query, "start"));
    Instant end = time(param(query, "end"));
    if (start == null || end == null || !start.isBefore(end)) {
      return json(
          400, List.of(error("INVALID_REPLICATION_DATE", "start must precede end by a minute")));
    }
    if (start.isBefore(org.earliestDeleted())) {
      return json(
          400,
          List.of(
              error("INVALID_REPLICATION_DATE", "start is before the earliest date available")));
    }
    Instant covered = end.truncatedTo(ChronoUnit.MINUTES);
    ObjectNode body = Json.mapper().createObjectNode();
    var list = body.putArray("deletedRecords");
    for (SalesforceOrg.Deleted d :
        org.deleted(type, start.truncatedTo(ChronoUnit.MINUTES), covered)) {
      list.addObject().put("id", d.id()).put("deletedDate", SalesforceOrg.TIME.format(d.at()));
    }
    body.put("earliestDateAvailable", SalesforceOrg.TIME.format(org.earliestDeleted()));
    body.put("latestDateCovered", SalesforceOrg.TIME.format(covered));
    return json(200, body);
  }

  private Answer token(Call call) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : call.body().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2) {
        form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      return json(400, Map.of("error", "invalid_client", "error_description", "invalid client"));
    }
    boolean code =
        "authorization_code".equals(form.get("grant_type")) && CODE.equals(form.get("code"));
    boolean refresh =
        "refresh_token".equals(form.get("grant_type"))
            && refreshTokens.contains(form.getOrDefault("refresh_token", ""))
            && !refuseRefresh;
    if (!code && !refresh) {
      return json(
          400,
          Map.of("error", "invalid_grant", "error_description", "expired access/refresh token"));
    }
    String access = "00Dfake!" + issued.incrementAndGet();
    tokens.add(access);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", access);
    if (code) {
      String refreshToken = "5Aep-refresh-" + issued.get();
      refreshTokens.add(refreshToken);
      answer.put("refresh_token", refreshToken);
    } else {
      refreshes.incrementAndGet();
    }
    answer.put("instance_url", baseUrl());
    answer.put("id", baseUrl() + "/id/00Dfake/005fake");
    answer.put("token_type", "Bearer");
    answer.put("issued_at", Long.toString(System.currentTimeMillis()));
    answer.put("signature", "c2lnbmF0dXJl");
    return json(200, answer);
  }

  private static Answer redirect(String location) {
    return new Answer(302, Map.of("Location", location), null);
  }

  static Map<String, Object> error(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("errorCode", code);
    error.put("fields", new ArrayList<>());
    return error;
  }

  private static Instant time(String text) {
    try {
      return text == null
          ? null
          : Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text))
              .truncatedTo(ChronoUnit.MINUTES);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals(name)) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public synchronized void reset() {
    super.reset();
    refuseRefresh = false;
    pageSize = 2000;
    used.set(0);
    limit = 15_000;
  }
}
