package io.hookyard.bench.scale;

import io.hookyard.app.support.ApiClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One run: a tenant with one event type and one rate-limited endpoint per receiver path, every
 * endpoint's backlog published at once, one {@code streams,dispatch} worker stopped when half of it
 * has arrived, then everything awaited.
 *
 * <p>Each endpoint first gets one warm-up event, and the load waits until all of them arrived: the
 * endpoints and types reached both workers' configuration view through {@code hookyard.config}
 * before any event that depends on them is routed.
 */
final class ScaleRun {
  private static final int BATCH = 500;

  private final ScaleDeployment deployment;
  private final ScaleSettings settings;
  private final ScaleReceiver receiver;

  ScaleRun(ScaleDeployment deployment, ScaleSettings settings, ScaleReceiver receiver) {
    this.deployment = deployment;
    this.settings = settings;
    this.receiver = receiver;
  }

  ScaleResult run(ScaleNode.Stop stop) throws Exception {
    if (deployment.workers().size() < 2) {
      throw new IllegalStateException("two workers expected, " + deployment.workers().size());
    }
    ApiClient api = tenant("scale-" + stop.name().toLowerCase(java.util.Locale.ROOT));
    String run = stop.name().toLowerCase(java.util.Locale.ROOT);
    Set<String> marks = new LinkedHashSet<>();
    StringBuilder warm = new StringBuilder();
    for (int e = 0; e < settings.endpoints(); e++) {
      require(
          api.post(
              "/api/v1/event-types",
              "{\"name\":\""
                  + type(run, e)
                  + "\",\"description\":\"scale-out run\",\"schema\":{\"type\":\"object\"}}"),
          201);
      require(
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + receiver.url(e)
                  + "\",\"event_types\":[\""
                  + type(run, e)
                  + "\"],\"rate_limit_per_minute\":"
                  + settings.limit()
                  + "}"),
          201);
      String mark = "e" + e + "-warm-" + run;
      marks.add(mark);
      warm.append(warm.length() == 0 ? "" : ",").append(event(type(run, e), mark));
    }
    int before = receiver.delivered();
    publish(api, warm.toString(), settings.endpoints());
    await(
        "the warm-up events",
        Duration.ofMinutes(3),
        () -> receiver.delivered() - before >= settings.endpoints());

    progress(run, "warm-up delivered to every endpoint");
    long t0 = System.nanoTime();
    StringBuilder batch = new StringBuilder();
    int inBatch = 0;
    for (int k = 0; k < settings.events(); k++) {
      int e = k % settings.endpoints();
      String mark = "e" + e + "-" + k + "-" + run;
      marks.add(mark);
      batch.append(inBatch == 0 ? "" : ",").append(event(type(run, e), mark));
      if (++inBatch == BATCH || k == settings.events() - 1) {
        publish(api, batch.toString(), inBatch);
        batch.setLength(0);
        inBatch = 0;
      }
    }
    progress(run, settings.events() + " events published");
    int total = before + marks.size();
    Duration paced = settings.paced();
    await(
        "half of the events",
        paced.plus(settings.drain()),
        () -> receiver.delivered() >= before + settings.endpoints() + settings.events() / 2);
    ScaleNode stopped = deployment.workers().get(deployment.workers().size() - 1);
    progress(run, "half delivered; " + stop + " to " + stopped.name());
    Duration stopTook = stopped.stop(stop);
    progress(run, stopped.name() + " ended after " + stopTook.toMillis() + " ms");
    // not thrown on: what did not arrive by then is reported as lost, with the other figures
    awaitOrGiveUp(paced.plus(settings.drain()), () -> receiver.delivered() >= total);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    progress(run, (receiver.delivered() - before) + " of " + marks.size() + " delivered");
    // a moment for a late duplicate to show itself before the requests are judged
    Thread.sleep(5_000);
    return new ScaleResult(
        settings,
        stop,
        marks,
        receiver.arrivals().stream().filter(a -> a.mark().endsWith("-" + run)).toList(),
        stopTook,
        elapsed);
  }

  private static void progress(String run, String what) {
    System.out.println("scale-out " + run + ": " + java.time.Instant.now() + " " + what);
  }

  private ApiClient tenant(String name) {
    ApiClient operator = deployment.operator();
    ApiClient.Response created =
        require(operator.post("/api/v1/tenants", "{\"name\":\"" + name + "\"}"), 201);
    return operator.as(created.body().path("api_key").asString());
  }

  private static String type(String run, int endpoint) {
    return "scale" + run + ".ep" + endpoint;
  }

  private static String event(String type, String mark) {
    return "{\"type\":\""
        + type
        + "\",\"subject\":\""
        + mark
        + "\",\"data\":{\"mark\":\""
        + mark
        + "\"}}";
  }

  private static void publish(ApiClient api, String items, int count) {
    ApiClient.Response answer =
        require(api.post("/api/v1/events/batch", "{\"events\":[" + items + "]}"), 200);
    if (answer.body().path("accepted").asInt() != count) {
      throw new IllegalStateException("not every event was accepted: " + answer);
    }
  }

  private static ApiClient.Response require(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response);
    }
    return response;
  }

  private static void await(String what, Duration atMost, BooleanSupplier done)
      throws InterruptedException {
    if (!awaitOrGiveUp(atMost, done)) {
      throw new IllegalStateException(what + " did not arrive within " + atMost);
    }
  }

  private static boolean awaitOrGiveUp(Duration atMost, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }
}
