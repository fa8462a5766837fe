package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot {@code create_note}: a note on the timeline of the contact with the given email
 * (vendors.md §20.1).
 *
 * <ol>
 *   <li>{@code POST {base}/crm/v3/objects/contacts/search} with {@code email EQ <email>}, limit 1;
 *       no contact is a refusal (the note would belong to nobody);
 *   <li>{@code POST {base}/crm/v3/objects/notes} {@code {"properties": {"hs_timestamp",
 *       "hs_note_body"}, "associations": [{"to": {"id": <contact>}, "types":
 *       [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}]}]}} (202 = note to
 *       contact); the note's {@code id} is the attempt's {@code vendor_object_id}.
 * </ol>
 *
 * Idempotency: HubSpot has no idempotency key for notes. A retry after a timeout may add a second
 * note; the attempt log records the id of each note created, so a replay can be told apart. Input
 * from a transform: {@code {"email": "…", "body": "…", "timestamp"?: "…"}}. Default: the event's
 * {@code data.email}, a body with the event's type and subject and its plain fields, one per line,
 * and the event's time.
 */
final class CreateNote implements Action {
  static final String SEARCH = "/crm/v3/objects/contacts/search";
  static final String NOTES = "/crm/v3/objects/notes";
  static final int NOTE_TO_CONTACT = 202;
  private static final int MAX_BODY = 65_536;

  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public String name() {
    return "create_note";
  }

  @Override
  public URI defaultBaseUrl() {
    return HubSpot.BASE;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    JsonNode data = input.data();
    String email = Input.text(data, "email");
    if (email == null) {
      return Mono.just(new Result.Refused(null, "invalid_input: no email to find the contact by"));
    }
    String body = input.transformed() ? Input.text(data, "body") : body(input);
    if (body == null) {
      return Mono.just(new Result.Refused(null, "invalid_input: the note has no body"));
    }
    String timestamp = input.transformed() ? Input.text(data, "timestamp") : null;
    String when =
        timestamp != null
            ? timestamp
            : (input.eventTime() == null ? java.time.Instant.now() : input.eventTime()).toString();
    String text = body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    return call.send(
            Request.json("POST", call.base().resolve(SEARCH), HubSpot.searchEq("email", email)))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Mono.just(HubSpot.classify(found, "contact search", null));
              }
              String contact = Input.text(found.json().path("results").path(0), "id");
              if (contact == null) {
                return Mono.just(
                    (Result)
                        new Result.Refused(
                            found, "contact_not_found: HubSpot has no contact with that email"));
              }
              return call.send(
                      Request.json("POST", call.base().resolve(NOTES), note(contact, text, when)))
                  .map(r -> HubSpot.classify(r, "note", Input.text(r.json(), "id")));
            });
  }

  static Map<String, Object> note(String contactId, String body, String timestamp) {
    return Map.of(
        "properties",
        Map.of("hs_timestamp", timestamp, "hs_note_body", body),
        "associations",
        List.of(
            Map.of(
                "to",
                Map.of("id", contactId),
                "types",
                List.of(
                    Map.of(
                        "associationCategory",
                        "HUBSPOT_DEFINED",
                        "associationTypeId",
                        NOTE_TO_CONTACT)))));
  }

  /** The default note: {@code invoice.paid inv_42} and a line per plain field of the event. */
  static String body(Input input) {
    StringBuilder text = new StringBuilder(input.headline());
    Input.scalars(input.data(), 20)
        .forEach((name, value) -> text.append('\n').append(name).append(": ").append(value));
    return text.toString();
  }
}
