package io.hookyard.dispatch.vendor.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubSpotActionsTest {

  @Test
  void upsertContactByEmailFromTheEvent() {
    StubCall call =
        new StubCall()
            .answer(200, "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"512\",\"new\":true}]}");
    Result result =
        new UpsertContact()
            .perform(
                StubCall.event(
                    "user.joined",
                    "{\"id\":\"u_1\",\"email\":\"jane@example.com\",\"first_name\":\"Jane\",\"last_name\":\"Doe\"}",
                    Map.of()),
                call)
            .block();
    assertThat(call.sent().get(0).url().getPath())
        .isEqualTo("/crm/v3/objects/contacts/batch/upsert");
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json(
                "{\"inputs\":[{\"idProperty\":\"email\",\"id\":\"jane@example.com\",\"properties\":{\"firstname\":\"Jane\",\"lastname\":\"Doe\"}}]}"));
    assertThat(result).isEqualTo(new Result.Done(((Result.Done) result).last(), "512"));
  }

  @Test
  void upsertContactFromATransformAndWithoutAnEmailRefused() {
    StubCall call = new StubCall().answer(200, "{\"results\":[{\"id\":\"7\"}]}");
    new UpsertContact()
        .perform(
            StubCall.transformed(
                "user.joined",
                "{\"email\":\"a@b.c\",\"properties\":{\"lifecyclestage\":\"customer\"}}",
                Map.of()),
            call)
        .block();
    assertThat(call.body(0).path("inputs").path(0).path("properties"))
        .isEqualTo(StubCall.json("{\"lifecyclestage\":\"customer\"}"));
    StubCall none = new StubCall();
    assertThat(
            new UpsertContact()
                .perform(StubCall.event("user.joined", "{\"id\":1}", Map.of()), none)
                .block())
        .isInstanceOf(Result.Refused.class);
    assertThat(none.sent()).isEmpty();
  }

  @Test
  void validationErrorsAreRefusedAndThrottlingAndServerErrorsAreNot() {
    StubCall call =
        new StubCall()
            .answer(
                400,
                "{\"status\":\"error\",\"message\":\"Property values were not valid\",\"category\":\"VALIDATION_ERROR\"}");
    Result refused =
        new UpsertContact()
            .perform(StubCall.event("user.joined", "{\"email\":\"x@y.z\"}", Map.of()), call)
            .block();
    assertThat(((Result.Refused) refused).reason())
        .isEqualTo(
            "http_400 VALIDATION_ERROR: HubSpot refused the contact: Property values were not valid");
    StubCall throttled = new StubCall().answer(429, "{\"policyName\":\"TEN_SECONDLY_ROLLING\"}");
    assertThat(
            new UpsertContact()
                .perform(
                    StubCall.event("user.joined", "{\"email\":\"x@y.z\"}", Map.of()), throttled)
                .block())
        .isInstanceOf(Result.Throttled.class);
    StubCall failing = new StubCall().answer(502, "");
    assertThat(
            new UpsertContact()
                .perform(StubCall.event("user.joined", "{\"email\":\"x@y.z\"}", Map.of()), failing)
                .block())
        .isInstanceOf(Result.Retry.class);
  }

  @Test
  void severalContactsGoInOneCallEachEmailOnceAndResultsMatchByEmail() {
    StubCall call =
        new StubCall()
            .answer(
                200,
                "{\"results\":[{\"id\":\"2\",\"properties\":{\"email\":\"b@x.io\"}},"
                    + "{\"id\":\"1\",\"properties\":{\"email\":\"a@x.io\"}}]}")
            .answer(200, "{\"results\":[{\"id\":\"1\",\"properties\":{\"email\":\"a@x.io\"}}]}");
    List<Result> results =
        new UpsertContact()
            .performAll(
                List.of(
                    StubCall.event("user.joined", "{\"email\":\"a@x.io\"}", Map.of()),
                    StubCall.event("user.joined", "{\"email\":\"b@x.io\"}", Map.of()),
                    StubCall.event("user.joined", "{\"email\":\"A@x.io\"}", Map.of()),
                    StubCall.event("user.joined", "{\"id\":\"no-email\"}", Map.of())),
                call)
            .block();
    assertThat(call.sent()).hasSize(2);
    assertThat(call.body(0).path("inputs").size()).isEqualTo(2);
    assertThat(call.body(1).path("inputs").path(0).path("id").asString()).isEqualTo("A@x.io");
    assertThat(results)
        .extracting(r -> r instanceof Result.Done d ? d.objectId() : "refused")
        .containsExactly("1", "2", "1", "refused");
  }

  @Test
  void aBatchRefusedAsAWholeIsSentAgainOneByOne() {
    StubCall call =
        new StubCall()
            .answer(
                400,
                "{\"category\":\"VALIDATION_ERROR\",\"message\":\"Email address bad is invalid\"}")
            .answer(200, "{\"results\":[{\"id\":\"1\"}]}")
            .answer(
                400,
                "{\"category\":\"VALIDATION_ERROR\",\"message\":\"Email address bad is invalid\"}");
    List<Result> results =
        new UpsertContact()
            .performAll(
                List.of(
                    StubCall.event("user.joined", "{\"email\":\"a@x.io\"}", Map.of()),
                    StubCall.event("user.joined", "{\"email\":\"bad\"}", Map.of())),
                call)
            .block();
    assertThat(call.sent()).hasSize(3);
    assertThat(results.get(0)).isInstanceOf(Result.Done.class);
    assertThat(results.get(1)).isInstanceOf(Result.Refused.class);
  }

  @Test
  void upsertCompanySearchesByDomainThenUpdatesOrCreates() {
    StubCall found =
        new StubCall()
            .answer(200, "{\"total\":1,\"results\":[{\"id\":\"88\"}]}")
            .answer(200, "{\"id\":\"88\"}");
    Result updated =
        new UpsertCompany()
            .perform(
                StubCall.event(
                    "company.updated",
                    "{\"name\":\"Acme\",\"website\":\"https://www.acme.com/x\"}",
                    Map.of()),
                found)
            .block();
    assertThat(found.sent().get(0).url().getPath()).isEqualTo("/crm/v3/objects/companies/search");
    assertThat(
            found
                .body(0)
                .path("filterGroups")
                .path(0)
                .path("filters")
                .path(0)
                .path("value")
                .asString())
        .isEqualTo("acme.com");
    assertThat(found.sent().get(1).method()).isEqualTo("PATCH");
    assertThat(found.sent().get(1).url().getPath()).isEqualTo("/crm/v3/objects/companies/88");
    assertThat(found.body(1)).isEqualTo(StubCall.json("{\"properties\":{\"name\":\"Acme\"}}"));
    assertThat(((Result.Done) updated).objectId()).isEqualTo("88");

    StubCall missing =
        new StubCall().answer(200, "{\"total\":0,\"results\":[]}").answer(201, "{\"id\":\"99\"}");
    Result created =
        new UpsertCompany()
            .perform(
                StubCall.transformed(
                    "company.created",
                    "{\"domain\":\"Beta.io\",\"properties\":{\"name\":\"Beta\"}}",
                    Map.of()),
                missing)
            .block();
    assertThat(missing.sent().get(1).method()).isEqualTo("POST");
    assertThat(missing.body(1))
        .isEqualTo(StubCall.json("{\"properties\":{\"name\":\"Beta\",\"domain\":\"beta.io\"}}"));
    assertThat(((Result.Done) created).objectId()).isEqualTo("99");
  }

  @Test
  void createNoteFindsTheContactAndAssociatesTheNote() {
    StubCall call =
        new StubCall()
            .answer(200, "{\"total\":1,\"results\":[{\"id\":\"512\"}]}")
            .answer(201, "{\"id\":\"n_1\"}");
    Result result =
        new CreateNote()
            .perform(
                StubCall.event(
                    "invoice.paid", "{\"id\":\"inv_1\",\"email\":\"jane@example.com\"}", Map.of()),
                call)
            .block();
    assertThat(call.sent().get(1).url().getPath()).isEqualTo("/crm/v3/objects/notes");
    assertThat(call.body(1).path("properties").path("hs_timestamp").asString())
        .isEqualTo("2026-12-03T10:00:00Z");
    assertThat(call.body(1).path("properties").path("hs_note_body").asString())
        .isEqualTo("invoice.paid jane@example.com\nid: inv_1\nemail: jane@example.com");
    assertThat(call.body(1).path("associations"))
        .isEqualTo(
            StubCall.json(
                "[{\"to\":{\"id\":\"512\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":202}]}]"));
    assertThat(((Result.Done) result).objectId()).isEqualTo("n_1");

    StubCall nobody = new StubCall().answer(200, "{\"total\":0,\"results\":[]}");
    assertThat(
            new CreateNote()
                .perform(StubCall.event("invoice.paid", "{\"email\":\"x@y.z\"}", Map.of()), nobody)
                .block())
        .isInstanceOf(Result.Refused.class);
    assertThat(nobody.sent()).hasSize(1);
  }
}
