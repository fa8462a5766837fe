package io.hookyard.dispatch.support;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** An {@link Action.Call} that records requests and answers from a script, for action tests. */
public final class StubCall implements Action.Call {
  private final Deque<Action.Response> answers = new ArrayDeque<>();
  private final List<Action.Request> sent = new CopyOnWriteArrayList<>();
  private final Map<String, String> credentials;

  public StubCall(Map<String, String> credentials) {
    this.credentials = credentials;
  }

  public StubCall() {
    this(Map.of());
  }

  /** Queues the next answer. */
  public StubCall answer(int status, String body) {
    return answer(status, body, Map.of(), null);
  }

  public StubCall answer(
      int status, String body, Map<String, String> headers, Duration retryAfter) {
    answers.add(new Action.Response(status, headers, body, null, retryAfter, Duration.ofMillis(5)));
    return this;
  }

  public StubCall noAnswer(String error) {
    answers.add(new Action.Response(null, Map.of(), null, error, null, Duration.ofSeconds(1)));
    return this;
  }

  public List<Action.Request> sent() {
    return List.copyOf(sent);
  }

  public JsonNode body(int i) {
    return Json.mapper().readTree(sent.get(i).body());
  }

  @Override
  public URI base() {
    return URI.create("https://vendor.test");
  }

  @Override
  public String credential(String name) {
    return credentials.get(name);
  }

  @Override
  public Mono<Action.Response> send(Action.Request request) {
    sent.add(request);
    return Mono.just(answers.removeFirst());
  }

  /** JSON text as a tree, compared without regard to field order. */
  public static JsonNode json(String text) {
    return Json.mapper().readTree(text);
  }

  /** The input an action gets without a transform: the event as a webhook would carry it. */
  public static Action.Input event(String type, String data, Map<String, Object> settings) {
    String body =
        "{\"webhook_id\":\"msg_1\",\"event_type\":\""
            + type
            + "\",\"timestamp\":\"2026-12-03T10:00:00Z\",\"tenant_id\":\"ten_1\",\"data\":"
            + data
            + "}";
    return new Action.Input(
        Json.mapper().readTree(body),
        false,
        type,
        "msg_1",
        Instant.parse("2026-12-03T10:00:00Z"),
        settings);
  }

  /** The input an action gets from a transform's output. */
  public static Action.Input transformed(String type, String output, Map<String, Object> settings) {
    return new Action.Input(
        Json.mapper().readTree(output),
        true,
        type,
        "msg_1",
        Instant.parse("2026-12-03T10:00:00Z"),
        settings);
  }
}
