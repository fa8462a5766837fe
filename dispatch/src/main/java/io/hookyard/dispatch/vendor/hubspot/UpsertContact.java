package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
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
 *   <li>Batching: when several deliveries of the endpoint are waiting, up to 100 go in one call
 *       (one email once per call; a repeated one waits for the next call), each still its own
 *       attempt, its result matched by email. A batch HubSpot refuses as a whole (400) is sent
 *       again one by one, so one bad input never dead-letters its neighbours.
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
  static final int BATCH = 100;

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

  @Override
  public int batchSize() {
    return BATCH;
  }

  @Override
  public Mono<List<Result>> performAll(List<Input> inputs, Call call) {
    Result[] results = new Result[inputs.size()];
    List<Integer> batch = new ArrayList<>();
    List<Integer> later = new ArrayList<>();
    List<Map<String, Object>> contacts = new ArrayList<>();
    Set<String> emails = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, Object> contact = input(inputs.get(i));
      if (contact == null) {
        results[i] = new Result.Refused(null, "invalid_input: no email to upsert the contact by");
      } else if (emails.add(normalized(contact)) && batch.size() < BATCH) {
        batch.add(i);
        contacts.add(contact);
      } else {
        later.add(i);
      }
    }
    Mono<Void> first =
        batch.isEmpty()
            ? Mono.empty()
            : call.send(Request.json("POST", call.base().resolve(PATH), Map.of("inputs", contacts)))
                .flatMap(
                    r ->
                        batch.size() > 1 && r.status() != null && r.status() == 400
                            ? oneByOne(batch, inputs, call, results)
                            : Mono.fromRunnable(() -> matchBatch(r, batch, contacts, results)));
    return first
        .then(oneByOne(later, inputs, call, results))
        .then(Mono.fromSupplier(() -> List.of(results)));
  }

  /** Sends {@code which} inputs one call each, in order. */
  private Mono<Void> oneByOne(
      List<Integer> which, List<Input> inputs, Call call, Result[] results) {
    return Flux.fromIterable(which)
        .concatMap(i -> perform(inputs.get(i), call).doOnNext(r -> results[i] = r))
        .then();
  }

  /**
   * Gives each input of a batch its result: the record whose email matches (HubSpot returns the
   * contact's properties), else the one at its position; an input HubSpot names no record for is
   * refused with its first error.
   */
  static void matchBatch(
      Response r, List<Integer> batch, List<Map<String, Object>> contacts, Result[] results) {
    if (!r.ok()) {
      Result same = HubSpot.classify(r, "contact", null);
      batch.forEach(i -> results[i] = same);
      return;
    }
    JsonNode body = r.json();
    Map<String, String> idsByEmail = new HashMap<>();
    List<String> idsInOrder = new ArrayList<>();
    for (JsonNode result : body.path("results")) {
      String id = Input.text(result, "id");
      idsInOrder.add(id);
      String email = Input.text(result.path("properties"), "email");
      if (email != null) {
        idsByEmail.put(email.toLowerCase(Locale.ROOT), id);
      }
    }
    boolean complete = idsInOrder.size() == batch.size();
    String error = Input.text(body.path("errors").path(0), "message");
    for (int k = 0; k < batch.size(); k++) {
      String id = idsByEmail.get(normalized(contacts.get(k)));
      if (id == null && complete && idsByEmail.isEmpty()) {
        id = idsInOrder.get(k);
      }
      results[batch.get(k)] =
          id != null
              ? new Result.Done(r, id)
              : new Result.Refused(
                  r,
                  "invalid_input: HubSpot refused the contact"
                      + (error == null ? "" : ": " + error));
    }
  }

  private static String normalized(Map<String, Object> contact) {
    return String.valueOf(contact.get("id")).toLowerCase(Locale.ROOT);
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
