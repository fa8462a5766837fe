package io.hookyard.dispatch.vendor.salesforce;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce {@code create_task}: a Task associated with a person ({@code WhoId}: a Contact or
 * Lead) and/or a record ({@code WhatId}: an Account, Opportunity, Case, …) (vendors.md §20.4).
 *
 * <ul>
 *   <li>Call: {@code POST /services/data/vXX.X/sobjects/Task} → 201 {@code {"id": "00T…",
 *       "success": true}}; the id is the attempt's {@code vendor_object_id}.
 *   <li>Idempotency: Salesforce has no request key. With the endpoint's {@code external_id_field}
 *       (an External ID field on Activity, e.g. {@code Hub_Event_Id__c}) the task is upserted on
 *       the delivery's {@code webhook_id} instead ({@code PATCH …/sobjects/Task/{field}/{id}}), so
 *       a retry after a timeout never makes a second task; without it a retry after a timeout may.
 *   <li>{@code Status} and {@code Priority} must be picklist values of the org: {@code Not Started}
 *       and {@code Normal} unless the input says otherwise.
 * </ul>
 *
 * Input from a transform: Task fields as top-level values ({@code Subject}, {@code WhoId}, {@code
 * WhatId}, {@code ActivityDate}, {@code Description}, …). Default: {@code Subject} the event's
 * headline ({@code deal.won Acme}), {@code Description} its plain data fields, no association.
 */
final class CreateTask implements Action {
  private static final int MAX_SUBJECT = 255;

  @Override
  public String type() {
    return "salesforce";
  }

  @Override
  public String name() {
    return "create_task";
  }

  @Override
  public URI defaultBaseUrl() {
    return Salesforce.LOGIN;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> task = task(input);
    String field = input.setting("external_id_field");
    Request request =
        field == null
            ? Request.json("POST", Salesforce.path(input, "Task"), task)
            : Request.json("PATCH", Salesforce.path(input, "Task", field, input.webhookId()), task);
    return call.send(request).map(r -> Salesforce.classify(r, "Task"));
  }

  static Map<String, Object> task(Input input) {
    JsonNode data = input.data();
    Map<String, Object> task = new LinkedHashMap<>();
    if (input.transformed()) {
      task.putAll(Salesforce.fields(data));
    } else {
      String subject = input.headline();
      task.put(
          "Subject", subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject);
      StringBuilder description = new StringBuilder(input.eventType());
      Input.scalars(data, 20)
          .forEach((k, v) -> description.append('\n').append(k).append(": ").append(v));
      task.put("Description", description.toString());
    }
    task.putIfAbsent("Status", "Not Started");
    task.putIfAbsent("Priority", "Normal");
    return task;
  }
}
