package io.hookyard.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Syncs through the public API: create one, run it now, read its run log. */
public final class SyncApi {
  private final ApiClient api;

  public SyncApi(ApiClient api) {
    this.api = api;
  }

  /** Creates a sync of the connection; returns its id. */
  public String create(String connectionId, String json) {
    ApiClient.Response created = api.post("/api/v1/connections/" + connectionId + "/syncs", json);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** The run log, newest first. */
  public List<JsonNode> runs(String syncId) {
    ApiClient.Response answer = api.get("/api/v1/syncs/" + syncId + "/runs?limit=500");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    List<JsonNode> runs = new ArrayList<>();
    answer.body().path("data").forEach(runs::add);
    return runs;
  }

  /** Finished runs (succeeded or failed), newest first. */
  public List<JsonNode> finished(String syncId) {
    return runs(syncId).stream()
        .filter(r -> Set.of("succeeded", "failed").contains(r.path("status").asString()))
        .toList();
  }

  /** Asks for a run now and waits until a run started after the request has finished. */
  public JsonNode runAndWait(String syncId, Duration atMost) {
    Set<String> before = new HashSet<>();
    runs(syncId).forEach(r -> before.add(r.path("id").asString()));
    ApiClient.Response run = api.post("/api/v1/syncs/" + syncId + "/run", "");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(atMost)
        .until(
            () -> {
              for (JsonNode r : finished(syncId)) {
                if (!before.contains(r.path("id").asString())) {
                  done[0] = r;
                  return true;
                }
              }
              return false;
            });
    return done[0];
  }
}
