package io.hookyard.dispatch.vendor.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.destination.Action.Result;
import io.hookyard.dispatch.support.StubCall;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceActionsTest {
  private static final Map<String, Object> CONTACTS =
      Map.of("sobject", "Contact", "external_id_field", "Hub_Id__c");

  @Test
  void upsertPatchesTheRecordAtItsEncodedExternalId() {
    StubCall call =
        new StubCall()
            .answer(201, "{\"id\":\"003000000000001AAA\",\"success\":true,\"created\":true}");
    Result result =
        new Upsert()
            .perform(
                StubCall.event(
                    "user.joined",
                    "{\"id\":\"u/1 2\",\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"email\":\"j@d.io\"}",
                    CONTACTS),
                call)
            .block();
    assertThat(call.sent().get(0).method()).isEqualTo("PATCH");
    assertThat(call.sent().get(0).url().isAbsolute()).as("sent to the instance_url").isFalse();
    assertThat(call.sent().get(0).url().getRawPath())
        .isEqualTo("/services/data/v62.0/sobjects/Contact/Hub_Id__c/u%2F1%202");
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json("{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"Email\":\"j@d.io\"}"));
    assertThat(((Result.Done) result).objectId()).isEqualTo("003000000000001AAA");
  }

  @Test
  void theExternalIdLeavesTheBodyAndAnApiVersionSettingIsUsed() {
    StubCall call = new StubCall().answer(204, "");
    Result result =
        new Upsert()
            .perform(
                StubCall.transformed(
                    "invoice.paid",
                    "{\"Hub_Id__c\":\"A-1\",\"Name\":\"Acme\",\"AnnualRevenue\":12.5}",
                    Map.of(
                        "sobject",
                        "Account",
                        "external_id_field",
                        "Hub_Id__c",
                        "api_version",
                        "v45.0")),
                call)
            .block();
    assertThat(call.sent().get(0).url().getPath())
        .isEqualTo("/services/data/v45.0/sobjects/Account/Hub_Id__c/A-1");
    assertThat(call.body(0)).isEqualTo(StubCall.json("{\"Name\":\"Acme\",\"AnnualRevenue\":12.5}"));
    assertThat(result).isInstanceOf(Result.Done.class);
  }

  @Test
  void errorArraysAreClassifiedByCodeAndWrappedLockErrorsByMessage() {
    assertThat(classify(400, "INVALID_FIELD", "No such column 'X'"))
        .isEqualTo("INVALID_FIELD: Salesforce refused the Account: No such column 'X'");
    assertThat(classify(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Name]"))
        .startsWith("REQUIRED_FIELD_MISSING");
    assertThat(classify(400, "DUPLICATE_VALUE", "duplicate value found"))
        .startsWith("DUPLICATE_VALUE");
    assertThat(result(400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access"))
        .isInstanceOf(Result.Retry.class);
    assertThat(
            result(
                400,
                "CANNOT_EXECUTE_FLOW_TRIGGER",
                "The flow failed: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access"))
        .isInstanceOf(Result.Retry.class);
    assertThat(result(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."))
        .isEqualTo(
            new Result.Throttled(
                ((Result.Throttled)
                        result(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."))
                    .last(),
                Salesforce.ALLOCATION_WAIT));
    assertThat(result(401, "INVALID_SESSION_ID", "Session expired or invalid"))
        .isInstanceOf(Result.Retry.class);
    assertThat(result(503, "SERVER_UNAVAILABLE", "try later")).isInstanceOf(Result.Retry.class);
    assertThat(result(300, null, null)).isInstanceOf(Result.Refused.class);
  }

  @Test
  void aTaskWithAnExternalIdFieldIsUpsertedOnTheWebhookIdSoARetryMakesNoSecond() {
    StubCall call = new StubCall().answer(201, "{\"id\":\"00T000000000001AAA\",\"success\":true}");
    Result result =
        new CreateTask()
            .perform(
                StubCall.transformed(
                    "deal.won",
                    "{\"Subject\":\"Call\",\"WhoId\":\"003000000000001AAA\"}",
                    Map.of("external_id_field", "Hub_Event_Id__c")),
                call)
            .block();
    assertThat(call.sent().get(0).method()).isEqualTo("PATCH");
    assertThat(call.sent().get(0).url().getPath())
        .startsWith("/services/data/v62.0/sobjects/Task/Hub_Event_Id__c/");
    assertThat(call.body(0))
        .isEqualTo(
            StubCall.json(
                "{\"Subject\":\"Call\",\"WhoId\":\"003000000000001AAA\",\"Status\":\"Not Started\",\"Priority\":\"Normal\"}"));
    assertThat(((Result.Done) result).objectId()).isEqualTo("00T000000000001AAA");
  }

  private static Result result(int status, String code, String message) {
    String body =
        code == null
            ? "[\"/services/data/v62.0/sobjects/Account/001A\",\"/services/data/v62.0/sobjects/Account/001B\"]"
            : "[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\",\"fields\":[]}]";
    StubCall call = new StubCall().answer(status, body);
    return new Upsert()
        .perform(
            StubCall.transformed(
                "invoice.paid",
                "{\"Hub_Id__c\":\"A-1\",\"Name\":\"Acme\"}",
                Map.of("sobject", "Account", "external_id_field", "Hub_Id__c")),
            call)
        .block();
  }

  private static String classify(int status, String code, String message) {
    return ((Result.Refused) result(status, code, message)).reason();
  }
}
