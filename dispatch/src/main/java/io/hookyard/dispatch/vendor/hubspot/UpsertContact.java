package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot {@code upsert_contact}: creates or updates one contact, keyed by email (vendors.md
 * §20.1).
 *
 * <ul>
 *   <li>Call: {@code POST {base}/crm/v3/objects/contacts/batch/upsert} {@code {"inputs":
 *       [{"idProperty": "email", "id": "<email>", "properties": {…}}]}}; up to 100 inputs per call.
 *   <li>Answer: 200 (or 207) {@code {"results": [{"id", "new", …}], "errors"?: […]}}; the record id
 *       is the attempt's {@code vendor_object_id}. An input in {@code errors} is refused.
 *   <li>Idempotency: the upsert by email is it. A retry after a timeout updates the contact the
 *       first call created; it never creates a second one.
 * </ul>
 *
 * Input from a transform: {@code {"email": "…", "properties": {…}}} (or the properties as plain
 * top-level fields next to {@code email}). Default from the event's {@code data}: {@code email};
 * {@code firstname} from {@code first_name}/{@code firstname}/{@code given_name}; {@code lastname}
 * from {@code last_name}/{@code lastname}/{@code family_name}; {@code company} from {@code
 * company}/{@code company_name}; {@code phone}; {@code jobtitle} from {@code job_title}/{@code
 * title}.
 */
final class UpsertContact implements Action {
  static final String PATH = "/crm/v3/objects/contacts/batch/upsert";

  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public String name() {
    return "upsert_contact";
  }

  @Override
  public URI defaultBaseUrl() {
    return HubSpot.BASE;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> contact = input(input);
    if (contact == null) {
      return Mono.just(
          new Result.Refused(null, "invalid_input: no email to upsert the contact by"));
    }
    return call.send(
            Request.json("POST", call.base().resolve(PATH), Map.of("inputs", List.of(contact))))
        .map(UpsertContact::classify);
  }

  /** One batch-upsert input for {@code input}, or null without an email. */
  static Map<String, Object> input(Input input) {
    JsonNode data = input.data();
    String email;
    Map<String, Object> properties;
    if (input.transformed()) {
      email = Input.text(data, "email");
      if (email == null) {
        email = Input.text(data.path("properties"), "email");
      }
      properties = HubSpot.properties(data, "email");
      properties.remove("email");
    } else {
      email = Input.text(data, "email");
      properties = new LinkedHashMap<>();
      HubSpot.map(properties, "firstname", data, "first_name", "firstname", "given_name");
      HubSpot.map(properties, "lastname", data, "last_name", "lastname", "family_name");
      HubSpot.map(properties, "company", data, "company", "company_name");
      HubSpot.map(properties, "phone", data, "phone");
      HubSpot.map(properties, "jobtitle", data, "job_title", "title");
    }
    if (email == null) {
      return null;
    }
    Map<String, Object> contact = new LinkedHashMap<>();
    contact.put("idProperty", "email");
    contact.put("id", email);
    contact.put("properties", properties);
    return contact;
  }

  static Result classify(Response r) {
    if (!r.ok()) {
      return HubSpot.classify(r, "contact", null);
    }
    JsonNode body = r.json();
    JsonNode result = body.path("results").path(0);
    if (result.isObject()) {
      return new Result.Done(r, Input.text(result, "id"));
    }
    JsonNode error = body.path("errors").path(0);
    String message = Input.text(error, "message");
    return new Result.Refused(
        r, "invalid_input: HubSpot refused the contact" + (message == null ? "" : ": " + message));
  }
}
