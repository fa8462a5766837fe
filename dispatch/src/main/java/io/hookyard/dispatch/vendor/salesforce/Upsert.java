package io.hookyard.dispatch.vendor.salesforce;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce {@code upsert}: creates or updates one record of the endpoint's {@code sobject} by its
 * {@code external_id_field} (vendors.md §20.4).
 *
 * <ul>
 *   <li>Call: {@code PATCH /services/data/vXX.X/sobjects/{sobject}/{external_id_field}/{value}}
 *       with the fields only (the external id is in the path, encoded).
 *   <li>Answer: 201 {@code {"id", "success": true, "created": true}} created; 200 {@code {"id",
 *       "created": false}} updated (recent API versions), or 204 without a body (older ones: no id
 *       to record then); 300 several records carry the external id (refused).
 *   <li>Idempotency: the external id is it; a retry after a timeout updates the record the first
 *       call created and never makes a second.
 * </ul>
 *
 * Input from a transform: the record's fields as top-level values, the external id among them under
 * the field's own name (or as {@code external_id}); or {@code {"external_id", "fields": {…}}}.
 * Default from the event's {@code data}: the external id is {@code data.id}; {@code Contact} and
 * {@code Lead} get {@code FirstName}, {@code LastName}, {@code Email}, {@code Phone}; {@code
 * Account} {@code Name}, {@code Website}, {@code Phone}, {@code Industry}; other sObjects {@code
 * Name} from {@code name}.
 */
final class Upsert implements Action {

  @Override
  public String type() {
    return "salesforce";
  }

  @Override
  public String name() {
    return "upsert";
  }

  @Override
  public URI defaultBaseUrl() {
    return Salesforce.LOGIN;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    String sobject = input.setting("sobject");
    String field = input.setting("external_id_field");
    Record record = record(input, field);
    if (record == null) {
      return Mono.just(
          new Result.Refused(
              null, "invalid_input: no " + field + " value to upsert the " + sobject + " by"));
    }
    return call.send(
            Request.json(
                "PATCH",
                Salesforce.path(input, sobject, field, record.externalId()),
                record.fields()))
        .map(r -> Salesforce.classify(r, sobject));
  }

  /** The external id and the fields to write. */
  record Record(String externalId, Map<String, Object> fields) {}

  static Record record(Input input, String field) {
    JsonNode data = input.data();
    if (input.transformed()) {
      String id = Input.text(data, field, "external_id");
      JsonNode given = data.path("fields");
      Map<String, Object> fields =
          given.isObject()
              ? Salesforce.fields(given, field)
              : Salesforce.fields(data, field, "external_id");
      return id == null ? null : new Record(id, fields);
    }
    String id = Input.text(data, "id");
    if (id == null) {
      return null;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    switch (input.setting("sobject")) {
      case "Contact", "Lead" -> {
        Salesforce.map(fields, "FirstName", data, "first_name", "firstname", "given_name");
        Salesforce.map(fields, "LastName", data, "last_name", "lastname", "family_name");
        Salesforce.map(fields, "Email", data, "email");
        Salesforce.map(fields, "Phone", data, "phone");
      }
      case "Account" -> {
        Salesforce.map(fields, "Name", data, "name", "company_name");
        Salesforce.map(fields, "Website", data, "website", "domain");
        Salesforce.map(fields, "Phone", data, "phone");
        Salesforce.map(fields, "Industry", data, "industry");
      }
      default -> Salesforce.map(fields, "Name", data, "name", "title");
    }
    return new Record(id, fields);
  }
}
