package io.hookyard.ingest.publish;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.publish.EventDrafts.Draft;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/events/batch} {@code {"events": [...]}}: up to 500 events, each what {@code
 * POST /api/v1/events} takes plus an optional {@code idempotency_key}. Items are independent: each
 * is checked, claimed and published on its own, and the answer (200) holds one result per item in
 * request order: {@code status} 202 with the event's {@code id} once Kafka acknowledged it, or the
 * item's status and error envelope naming its field, e.g. {@code events[3].data.amount}. Only when
 * no item could be stored because Kafka is unavailable is the whole answer 503, so the caller
 * retries the batch. An {@code Idempotency-Key} header stands for {@code <key>/<index>} on each
 * item that has no key of its own, so a retried batch gets the same ids.
 */
@RestController
class BatchPublishController {
  static final int MAX_EVENTS = 500;
  private static final int CONCURRENCY = 64;

  private final EventDrafts drafts;
  private final Idempotency idempotency;
  private final Publishing publishing;

  BatchPublishController(EventDrafts drafts, Idempotency idempotency, Publishing publishing) {
    this.drafts = drafts;
    this.idempotency = idempotency;
    this.publishing = publishing;
  }

  @PostMapping("/api/v1/events/batch")
  Mono<Map<String, Object>> publish(
      Principal principal,
      @RequestBody JsonNode body,
      @RequestHeader(name = PublishController.IDEMPOTENCY_KEY, required = false) String batchKey) {
    TenantId tenant = principal.requireTenant();
    if (batchKey != null && !Idempotency.validKey(batchKey)) {
      throw ApiException.badRequest(
          "invalid_idempotency_key",
          PublishController.IDEMPOTENCY_KEY
              + " must be 1 to "
              + Idempotency.MAX_KEY_LENGTH
              + " characters");
    }
    JsonNode events = body.path("events");
    if (!events.isArray() || events.isEmpty() || events.size() > MAX_EVENTS) {
      throw ApiException.invalidField(
          "events", "must be an array of 1 to " + MAX_EVENTS + " events");
    }
    return Flux.range(0, events.size())
        .concatMap(i -> prepare(tenant, i, events.get(i), batchKey))
        .flatMapSequential(this::publish, CONCURRENCY)
        .collectList()
        .map(BatchPublishController::answer);
  }

  /** An item ready to publish, or already answered. */
  private record Prepared(int index, EventEnvelope event, Map<String, Object> result) {}

  /**
   * Checks and claims one item. Items are prepared one after another so that when two items of a
   * batch share an idempotency key, the earlier one owns it; publishing then runs concurrently.
   */
  private Mono<Prepared> prepare(TenantId tenant, int index, JsonNode item, String batchKey) {
    String prefix = "events[" + index + "].";
    return Mono.defer(
            () -> {
              String key = key(item, prefix, index, batchKey);
              Draft draft = draft(item, prefix);
              return drafts
                  .envelope(tenant, EventId.next(), draft, prefix)
                  .flatMap(
                      event -> idempotency.claim(tenant, key, prefix + "idempotency_key", event))
                  .map(event -> new Prepared(index, event, null));
            })
        .onErrorResume(
            ApiException.class, e -> Mono.just(new Prepared(index, null, rejected(index, e))));
  }

  private Mono<Map<String, Object>> publish(Prepared prepared) {
    if (prepared.event() == null) {
      return Mono.just(prepared.result());
    }
    return publishing
        .publish(prepared.event())
        .map(id -> accepted(prepared.index(), id.value()))
        .onErrorResume(ApiException.class, e -> Mono.just(rejected(prepared.index(), e)));
  }

  private static String key(JsonNode item, String prefix, int index, String batchKey) {
    JsonNode key = item.path("idempotency_key");
    if (key.isMissingNode() || key.isNull()) {
      return batchKey == null ? null : batchKey + "/" + index;
    }
    if (!key.isString() || !Idempotency.validKey(key.asString())) {
      throw ApiException.invalidField(
          prefix + "idempotency_key",
          "must be a string of 1 to " + Idempotency.MAX_KEY_LENGTH + " characters");
    }
    return key.asString();
  }

  private static Draft draft(JsonNode item, String prefix) {
    if (!item.isObject()) {
      throw ApiException.invalidField(
          prefix.substring(0, prefix.length() - 1), "must be an object");
    }
    JsonNode type = item.path("type");
    JsonNode subject = item.path("subject");
    if (!subject.isMissingNode() && !subject.isNull() && !subject.isString()) {
      throw ApiException.invalidField(prefix + "subject", "must be a string");
    }
    return new Draft(
        type.isString() ? type.asString() : null,
        item.get("data"),
        subject.isString() ? subject.asString() : null);
  }

  private static Map<String, Object> accepted(int index, String id) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("index", index);
    result.put("status", HttpStatus.ACCEPTED.value());
    result.put("id", id);
    return result;
  }

  private static Map<String, Object> rejected(int index, ApiException error) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("code", error.code());
    envelope.put("message", error.getMessage());
    envelope.put("details", error.details());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("index", index);
    result.put("status", error.status().value());
    result.put("error", envelope);
    return result;
  }

  private static Map<String, Object> answer(List<Map<String, Object>> results) {
    long accepted = results.stream().filter(r -> r.containsKey("id")).count();
    boolean kafkaDown =
        accepted == 0
            && results.stream()
                .allMatch(r -> r.get("status").equals(HttpStatus.SERVICE_UNAVAILABLE.value()));
    if (kafkaDown) {
      throw ApiException.unavailable("events cannot be stored right now; retry later");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("data", results);
    answer.put("accepted", accepted);
    answer.put("rejected", results.size() - accepted);
    return answer;
  }
}
