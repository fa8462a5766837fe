package io.hookyard.app.support;

import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Webhooks a {@link LoopbackReceiver} got, as parsed bodies, filtered by event type. */
public final class ReceivedEvents {
  private ReceivedEvents() {}

  public static List<JsonNode> of(LoopbackReceiver receiver, String eventType) {
    return receiver.received().stream()
        .map(r -> Json.tree(r.body().getBytes(StandardCharsets.UTF_8)))
        .filter(body -> body.path("event_type").asString().equals(eventType))
        .toList();
  }

  /** The {@code data.id} of each event, as a set: which records a sync reported. */
  public static java.util.Set<String> ids(List<JsonNode> events) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    events.forEach(e -> ids.add(e.path("data").path("id").asString()));
    return ids;
  }
}
