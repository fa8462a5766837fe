package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot {@code upsert_company}: finds the company by domain, then updates it or creates it.
 * HubSpot has no unique domain to upsert on ({@code idProperty: domain} fails as "non-unique 0-2
 * property", vendors.md §20.1), so:
 *
 * <ol>
 *   <li>{@code POST {base}/crm/v3/objects/companies/search} with {@code domain EQ <domain>}, limit
 *       1 (the search API allows 4–5 requests per second);
 *   <li>found: {@code PATCH {base}/crm/v3/objects/companies/{id}} {@code {"properties": {…}}}; else
 *       {@code POST {base}/crm/v3/objects/companies} {@code {"properties": {"domain", …}}}.
 * </ol>
 *
 * Idempotency: a retry searches again, so it updates what an earlier try created — once HubSpot's
 * search index shows it (seconds). Input from a transform: {@code {"domain": "…", "properties":
 * {…}}}. Default from {@code data}: {@code domain} (else the host of {@code website}, else the
 * domain of {@code email}); {@code name} from {@code name}/{@code company_name}; {@code phone},
 * {@code city}, {@code country}, {@code industry}.
 */
final class UpsertCompany implements Action {
  static final String SEARCH = "/crm/v3/objects/companies/search";
  static final String COMPANIES = "/crm/v3/objects/companies";

  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public String name() {
    return "upsert_company";
  }

  @Override
  public URI defaultBaseUrl() {
    return HubSpot.BASE;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    JsonNode data = input.data();
    String domain = domain(input);
    if (domain == null) {
      return Mono.just(new Result.Refused(null, "invalid_input: no domain to find the company by"));
    }
    Map<String, Object> properties = properties(input, data);
    return call.send(
            Request.json("POST", call.base().resolve(SEARCH), HubSpot.searchEq("domain", domain)))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Mono.just(HubSpot.classify(found, "company search", null));
              }
              String id = Input.text(found.json().path("results").path(0), "id");
              Map<String, Object> body = Map.of("properties", properties);
              Request write =
                  id == null
                      ? Request.json(
                          "POST", call.base().resolve(COMPANIES), withDomain(body, domain))
                      : Request.json("PATCH", call.base().resolve(COMPANIES + "/" + id), body);
              return call.send(write)
                  .map(r -> HubSpot.classify(r, "company", Input.text(r.json(), "id")));
            });
  }

  static String domain(Input input) {
    JsonNode data = input.data();
    String domain = Input.text(data, "domain");
    if (domain == null) {
      domain = Input.text(data.path("properties"), "domain");
    }
    if (domain == null && !input.transformed()) {
      String website = Input.text(data, "website");
      if (website != null) {
        String host =
            URI.create(website.contains("://") ? website : "https://" + website).getHost();
        domain = host == null ? null : host.replaceFirst("^www\\.", "");
      }
      String email = Input.text(data, "email");
      if (domain == null && email != null && email.contains("@")) {
        domain = email.substring(email.indexOf('@') + 1);
      }
    }
    return domain == null ? null : domain.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> properties(Input input, JsonNode data) {
    if (input.transformed()) {
      Map<String, Object> properties = HubSpot.properties(data, "domain");
      properties.remove("domain");
      return properties;
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    HubSpot.map(properties, "name", data, "name", "company_name");
    HubSpot.map(properties, "phone", data, "phone");
    HubSpot.map(properties, "city", data, "city");
    HubSpot.map(properties, "country", data, "country");
    HubSpot.map(properties, "industry", data, "industry");
    return properties;
  }

  private static Map<String, Object> withDomain(Map<String, Object> body, String domain) {
    @SuppressWarnings("unchecked")
    Map<String, Object> properties =
        new LinkedHashMap<>((Map<String, Object>) body.get("properties"));
    properties.put("domain", domain);
    return Map.of("properties", properties);
  }
}
