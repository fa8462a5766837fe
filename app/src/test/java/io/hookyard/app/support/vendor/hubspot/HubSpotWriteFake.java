package io.hookyard.app.support.vendor.hubspot;

import io.hookyard.app.support.vendor.VendorFake;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot's CRM v3 write API on loopback, from vendors.md §6 and §20.1: contacts batch upsert by
 * email, contact and company search by an {@code EQ} filter, company create and update, notes with
 * an association to a contact. Objects are kept, so a test can count them (a retried upsert must
 * leave one). Bearer token required (401 {@code {"category": "INVALID_AUTHENTICATION"}} otherwise,
 * as for an expired token); validation errors as HubSpot sends them; with a limit set, every answer
 * carries {@code X-HubSpot-RateLimit-Max}/{@code -Remaining}/{@code -Interval-Milliseconds}.
 */
public final class HubSpotWriteFake extends VendorFake {
  public static final String TOKEN = "pat-na1-test-token";
  private final AtomicLong ids = new AtomicLong(500);
  private volatile String acceptedToken = TOKEN;
  private final Map<String, Map<String, String>> contacts = new ConcurrentHashMap<>();
  private final Map<String, String> contactIds = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> companies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> notes = new ConcurrentHashMap<>();

  /** On any free port. */
  public HubSpotWriteFake() {
    this(0);
  }

  /** On {@code port} of 127.0.0.1 (0: any free one). */
  public HubSpotWriteFake(int port) {
    super(port);
  }

  /** From now on only {@code token} is accepted: the one before has "expired". */
  public void acceptToken(String token) {
    this.acceptedToken = token;
  }

  /** Contacts by email, with their properties. */
  public Map<String, Map<String, String>> contacts() {
    return Map.copyOf(contacts);
  }

  public String contactId(String email) {
    return contactIds.get(email);
  }

  /** Companies by id. */
  public Map<String, Map<String, String>> companies() {
    return Map.copyOf(companies);
  }

  /** Notes by id: {@code properties} and the contact ids it is associated with. */
  public Map<String, Map<String, Object>> notes() {
    return Map.copyOf(notes);
  }

  @Override
  public synchronized void reset() {
    super.reset();
    contacts.clear();
    contactIds.clear();
    companies.clear();
    notes.clear();
    acceptedToken = TOKEN;
  }

  @Override
  protected Map<String, String> quotaHeaders(int limit, int remaining) {
    return Map.of(
        "X-HubSpot-RateLimit-Max", Integer.toString(limit),
        "X-HubSpot-RateLimit-Remaining", Integer.toString(remaining),
        "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
  }

  @Override
  protected Answer answer(Call call) {
    if (!("Bearer " + acceptedToken).equals(call.header("authorization"))) {
      return json(401, error("INVALID_AUTHENTICATION", "Authentication credentials not found."));
    }
    String path = call.path();
    String method = call.method();
    if (method.equals("POST") && path.equals("/crm/v3/objects/contacts/batch/upsert")) {
      return upsertContacts(call.json());
    }
    if (method.equals("POST") && path.equals("/crm/v3/objects/contacts/search")) {
      return search(call.json(), "email", contactIds);
    }
    if (method.equals("POST") && path.equals("/crm/v3/objects/companies/search")) {
      Map<String, String> byDomain = new LinkedHashMap<>();
      companies.forEach((id, props) -> byDomain.put(props.getOrDefault("domain", ""), id));
      return search(call.json(), "domain", byDomain);
    }
    if (method.equals("POST") && path.equals("/crm/v3/objects/companies")) {
      String id = Long.toString(ids.incrementAndGet());
      companies.put(id, strings(call.json().path("properties")));
      return json(201, Map.of("id", id, "properties", companies.get(id)));
    }
    if (method.equals("PATCH") && path.startsWith("/crm/v3/objects/companies/")) {
      String id = path.substring(path.lastIndexOf('/') + 1);
      Map<String, String> company = companies.get(id);
      if (company == null) {
        return json(404, error("OBJECT_NOT_FOUND", "resource not found"));
      }
      company.putAll(strings(call.json().path("properties")));
      return json(200, Map.of("id", id, "properties", company));
    }
    if (method.equals("POST") && path.equals("/crm/v3/objects/notes")) {
      JsonNode body = call.json();
      if (!body.path("properties").has("hs_timestamp")) {
        return json(400, error("VALIDATION_ERROR", "Property hs_timestamp is required"));
      }
      List<String> to = new ArrayList<>();
      body.path("associations").forEach(a -> to.add(a.path("to").path("id").asString()));
      String id = Long.toString(ids.incrementAndGet());
      notes.put(id, Map.of("properties", strings(body.path("properties")), "contacts", to));
      return json(201, Map.of("id", id));
    }
    return json(404, error("OBJECT_NOT_FOUND", "no route " + method + " " + path));
  }

  private Answer upsertContacts(JsonNode body) {
    List<Object> results = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode input : body.path("inputs")) {
      if (!seen.add(input.path("id").asString(""))) {
        return json(400, error("VALIDATION_ERROR", "Duplicate IDs found in batch input"));
      }
    }
    for (JsonNode input : body.path("inputs")) {
      if (!input.path("idProperty").asString("").equals("email")) {
        return json(
            400,
            error(
                "VALIDATION_ERROR",
                "Unable to perform upsert by non-unique 0-1 property "
                    + input.path("idProperty").asString()));
      }
      String email = input.path("id").asString("");
      if (!email.contains("@")) {
        return json(400, error("VALIDATION_ERROR", "Email address " + email + " is invalid"));
      }
      Map<String, String> props = strings(input.path("properties"));
      if (props.containsKey("unknown_property")) {
        return json(400, error("VALIDATION_ERROR", "Property \"unknown_property\" does not exist"));
      }
      boolean created = !contactIds.containsKey(email);
      String id = contactIds.computeIfAbsent(email, e -> Long.toString(ids.incrementAndGet()));
      contacts.computeIfAbsent(email, e -> new ConcurrentHashMap<>()).putAll(props);
      Map<String, String> shown = new LinkedHashMap<>(contacts.get(email));
      shown.put("email", email);
      results.add(Map.of("id", id, "new", created, "properties", shown));
    }
    return json(200, Map.of("status", "COMPLETE", "results", results));
  }

  private static Answer search(JsonNode body, String property, Map<String, String> idsByValue) {
    JsonNode filter = body.path("filterGroups").path(0).path("filters").path(0);
    if (!filter.path("propertyName").asString("").equals(property)
        || !filter.path("operator").asString("").equals("EQ")) {
      return json(400, error("VALIDATION_ERROR", "unsupported filter"));
    }
    String id = idsByValue.get(filter.path("value").asString(""));
    List<Object> results = id == null ? List.of() : List.of(Map.of("id", id));
    return json(200, Map.of("total", results.size(), "results", results));
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new ConcurrentHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  private static Map<String, Object> error(String category, String message) {
    return Map.of(
        "status", "error", "message", message, "correlationId", "c0ffee", "category", category);
  }
}
