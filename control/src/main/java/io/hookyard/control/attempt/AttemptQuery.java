package io.hookyard.control.attempt;

import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.TenantId;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The filters of the attempt log, checked and turned into one parameterized query: {@code status},
 * {@code event_type}, {@code since}/{@code until} (RFC 3339, since inclusive, until exclusive),
 * {@code sort=created_at:desc|asc} and the page. Ids sort by creation time, so the order and the
 * cursor both run on the primary-key index {@code (tenant_id, endpoint_id, id)}.
 */
record AttemptQuery(
    String status,
    String eventType,
    OffsetDateTime since,
    OffsetDateTime until,
    boolean ascending,
    PageRequest page) {

  static final Set<String> FIELDS =
      Set.of(
          "id",
          "webhook_id",
          "event_id",
          "event_type",
          "attempt",
          "status",
          "status_code",
          "response_time_ms",
          "response_body",
          "error",
          "created_at",
          "vendor_object_id");

  static AttemptQuery of(
      String status,
      String eventType,
      String since,
      String until,
      String sort,
      String limit,
      String cursor) {
    if (status != null && !status.equals("succeeded") && !status.equals("failed")) {
      throw ApiException.badRequest("invalid_status", "status is succeeded or failed");
    }
    if (eventType != null && !EventTypes.isName(eventType)) {
      throw ApiException.badRequest("invalid_event_type", "event_type looks like resource.action");
    }
    boolean ascending;
    if (sort == null || sort.equals("created_at:desc")) {
      ascending = false;
    } else if (sort.equals("created_at:asc")) {
      ascending = true;
    } else {
      throw ApiException.badRequest("invalid_sort", "sort is created_at:desc or created_at:asc");
    }
    return new AttemptQuery(
        status,
        eventType,
        time("since", since),
        time("until", until),
        ascending,
        PageRequest.of(limit, cursor));
  }

  /** {@code ?fields=id,status}: the fields to answer with, or null for all. */
  static List<String> fields(String fields) {
    if (fields == null || fields.isBlank()) {
      return null;
    }
    List<String> names = List.of(fields.split(","));
    for (String name : names) {
      if (!FIELDS.contains(name.strip())) {
        throw ApiException.badRequest("invalid_fields", "no field " + name.strip() + " to select");
      }
    }
    return names.stream().map(String::strip).toList();
  }

  DatabaseClient.GenericExecuteSpec bind(DatabaseClient db, TenantId tenant, String endpoint) {
    StringBuilder sql =
        new StringBuilder(
            "select * from attempts where tenant_id = :tenant and endpoint_id = :endpoint");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenant.value());
    params.put("endpoint", endpoint);
    if (status != null) {
      sql.append(" and succeeded = :ok");
      params.put("ok", status.equals("succeeded"));
    }
    if (eventType != null) {
      sql.append(" and event_type = :type");
      params.put("type", eventType);
    }
    if (since != null) {
      sql.append(" and created_at >= :since");
      params.put("since", since);
    }
    if (until != null) {
      sql.append(" and created_at < :until");
      params.put("until", until);
    }
    // Walking "forward" means older first for desc and newer first for asc; a before-cursor
    // walks the other way and Page.of turns the rows round.
    boolean olderFirst = !ascending;
    String cursor = page.cursorId();
    boolean walkOlder = page.backwards() ? !olderFirst : olderFirst;
    if (cursor != null) {
      sql.append(walkOlder ? " and id < :cursor" : " and id > :cursor");
      params.put("cursor", cursor);
    }
    sql.append(walkOlder ? " order by id desc" : " order by id asc").append(" limit :n");
    params.put("n", page.fetchSize());
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
    for (Map.Entry<String, Object> p : params.entrySet()) {
      spec = spec.bind(p.getKey(), p.getValue());
    }
    return spec;
  }

  private static OffsetDateTime time(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid_" + name, name + " is an RFC 3339 time like 2026-01-31T12:00:00Z");
    }
  }
}
