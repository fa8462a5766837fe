package io.hookyard.bench.faults;

import io.hookyard.app.support.ApiClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A second tenant's key walking the first tenant's resources while a scenario runs: every read or
 * change of one of its endpoints must find nothing, and its own lists must not show them: a change
 * answered 2xx or a read that shows any of the victim's ids is a breach. Requests that find the app
 * down (no answer, 503) are neither.
 */
final class IsolationWalk implements Runnable {
  private final ApiClient intruder;
  private final FaultTenant victim;
  private final AtomicLong walks = new AtomicLong();
  private final AtomicLong breaches = new AtomicLong();
  private volatile boolean stop;

  IsolationWalk(ApiClient intruder, FaultTenant victim) {
    this.intruder = intruder;
    this.victim = victim;
  }

  Thread start() {
    Thread thread = new Thread(this, "isolation-walk");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  void stop() {
    stop = true;
  }

  long walks() {
    return walks.get();
  }

  long breaches() {
    return breaches.get();
  }

  @Override
  public void run() {
    int i = 0;
    while (!stop) {
      String id = victim.endpoints().get(i++ % victim.endpoints().size());
      try {
        walk(id);
        walks.incrementAndGet();
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the app is down (a fault of the scenario): not a breach, try again
      }
    }
  }

  private void walk(String id) {
    String at = "/api/v1/endpoints/" + id;
    List<ApiClient.Response> changes =
        List.of(
            intruder.patch(at, "{\"description\":\"taken\"}"),
            intruder.post(at + "/test", "{\"event_type\":\"invoice.paid\"}"),
            intruder.post(at + "/secret/rotate", "{}"),
            intruder.post("/api/v1/dead-letters/replay", "{\"endpoint_id\":\"" + id + "\"}"),
            intruder.delete(at));
    for (ApiClient.Response answer : changes) {
      if (answer.status() / 100 == 2) {
        breaches.incrementAndGet();
      }
    }
    List<ApiClient.Response> reads =
        List.of(
            intruder.get(at),
            intruder.get(at + "/attempts"),
            intruder.get(at + "/health"),
            intruder.get("/api/v1/dead-letters?endpoint_id=" + id),
            intruder.get("/api/v1/endpoints?limit=500"));
    for (ApiClient.Response answer : reads) {
      if (answer.status() / 100 == 2 && shows(answer)) {
        breaches.incrementAndGet();
      }
    }
  }

  /** Whether an answer shows anything of the victim: its tenant id or one of its endpoints. */
  private boolean shows(ApiClient.Response answer) {
    String text = answer.body().toString();
    return text.contains(victim.tenantId()) || victim.endpoints().stream().anyMatch(text::contains);
  }
}
