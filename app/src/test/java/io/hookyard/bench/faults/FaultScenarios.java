package io.hookyard.bench.faults;

import io.hookyard.app.embedded.BenchBroker;
import io.hookyard.app.embedded.BenchPostgres;
import io.hookyard.app.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The fault suite's scenarios, each under the steady load of {@link FaultLoad} with an {@link
 * IsolationWalk} beside it, against Hookyard from its jar ({@link FaultApp}). Every one answers a
 * {@link FaultRow}; the loss checks are in {@link FaultRow#held()}.
 */
final class FaultScenarios {
  /** Ten retries a second apart: the faults here are short. */
  private static final String STEADY = schedule(10);

  /** Twenty retries: a delivery that fails half the time fails them all once in two million. */
  private static final String PATIENT = schedule(20);

  /** Two retries: shorter than the receiver's outage, so everything is dead-lettered. */
  private static final String SHORT = schedule(2);

  /** Open circuits probe after 2 s instead of 5 min, so a scenario ends in minutes. */
  private static final String CIRCUIT = "--hookyard.dispatch.circuit-open-for=PT2S";

  /**
   * For the failing-receiver rows: Hookyard disables an endpoint after 100 failures in a row (its
   * documented protection; events for a disabled endpoint are then not delivered), which a receiver
   * failing every request reaches in seconds at this load. These rows test retries, dead letters
   * and replay, so the suite moves that protection out of the way, as it compresses the retry
   * schedule and the circuit.
   */
  static final String NO_AUTO_DISABLE = "--hookyard.control.disable-after-failures=1000000";

  private final FaultSettings settings;
  private final FaultReceiver receiver;
  private final Path dir;
  private final FaultDrain drain;

  FaultScenarios(FaultSettings settings, FaultReceiver receiver, Path dir) {
    this.settings = settings;
    this.receiver = receiver;
    this.dir = dir;
    this.drain = new FaultDrain(receiver, settings.drain());
  }

  /**
   * 1. {@code kill -9} of the app in embedded mode a third into the load, started again at once.
   */
  FaultRow kill() throws Exception {
    try (FaultApp app = app("kill", CIRCUIT)) {
      app.start();
      Loaded run = begin(app, "kill", STEADY);
      sleep(settings.seconds().dividedBy(3));
      long killed = System.nanoTime();
      app.kill();
      app.start();
      double back = run.load.awaitAcceptedAfter(killed, Duration.ofMinutes(2));
      sleep(settings.seconds().multipliedBy(2).dividedBy(3));
      return finish("1. kill -9, restart on the same folder", run, secs("accepting again", back));
    }
  }

  /** 2. External broker mode: the broker stopped a third into the load and started again. */
  FaultRow broker() throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    BenchBroker broker = BenchBroker.start(brokerDir);
    try (FaultApp app =
        app("broker", CIRCUIT, "--hookyard.kafka.bootstrap-servers=" + broker.bootstrapServers())) {
      app.start();
      Loaded run = begin(app, "broker", STEADY);
      sleep(settings.seconds().dividedBy(3));
      broker.close();
      sleep(Duration.ofSeconds(Math.max(10, settings.outage().toSeconds() / 5)));
      long restarted = System.nanoTime();
      broker = BenchBroker.start(brokerDir);
      double back = run.load.awaitAcceptedAfter(restarted, Duration.ofMinutes(3));
      sleep(settings.seconds().multipliedBy(2).dividedBy(3));
      return finish(
          "2. broker restarted under load (external broker)",
          run,
          secs("accepting again after the broker's restart", back));
    } finally {
      broker.close();
    }
  }

  /** 3. PostgreSQL stopped for {@code outage} under load: the hot path goes on without it. */
  FaultRow postgres() throws Exception {
    Path pgDir = Files.createDirectories(dir.resolve("postgres"));
    BenchPostgres pg = BenchPostgres.start(pgDir);
    try (FaultApp app =
        app(
            "postgres",
            CIRCUIT,
            "--hookyard.r2dbc.url=" + pg.r2dbcUrl(),
            "--hookyard.r2dbc.username=" + pg.user(),
            "--hookyard.r2dbc.password=" + pg.user())) {
      app.start();
      Loaded run = begin(app, "postgres", STEADY);
      sleep(settings.seconds().dividedBy(3));
      pg.close();
      List<Integer> management = new ArrayList<>();
      long until = System.nanoTime() + settings.outage().toNanos();
      long acceptedBefore = run.load.accepted.size();
      while (System.nanoTime() < until) {
        management.add(statusOf(run.tenant.api(), "/api/v1/endpoints"));
        sleep(Duration.ofSeconds(5));
      }
      long acceptedDuring = run.load.accepted.size() - acceptedBefore;
      long deliveredDuring = receiver.delivered(run.load.accepted);
      pg = BenchPostgres.start(pgDir);
      sleep(settings.seconds().multipliedBy(2).dividedBy(3));
      FaultRow row =
          finish(
              "3. PostgreSQL stopped for " + settings.outage().toSeconds() + " s",
              run,
              "management API answered " + summary(management) + " while it was down");
      String attempts = FaultAttempts.await(run.tenant, receiver, Duration.ofMinutes(3));
      return row.withNotes(
          String.format(
              Locale.ROOT,
              "while down: %,d accepted, %,d delivered by then; attempt log after: %s",
              acceptedDuring,
              deliveredDuring,
              attempts));
    } finally {
      pg.close();
    }
  }

  /** 4. A receiver failing half the requests at random; retries and the breaker do the rest. */
  FaultRow flaky(FaultApp app) throws Exception {
    receiver.failShare(0.5);
    try {
      // an ordered endpoint failing half its tries delivers about one event a second (it retries
      // in place, and a retry waits at least a second), so here it gets a thirtieth of its share
      Loaded run = begin(app, "flaky", PATIENT, 30);
      sleep(settings.seconds());
      // twice the drain: what failed is retried a second later into circuits that open again
      // and again (five failures in a row, at 50 %, come every 62 requests or so), and the
      // rate-limited endpoints need all their limit for the load and its retries
      FaultRow row =
          finish("4. receiver failing 50 % at random", run, "-", settings.drain().multipliedBy(2));
      long requests = receiver.requests();
      return row.expecting(
              requests > run.load.accepted.size(), "failed requests retried (" + requests + ")")
          .withNotes(
              String.format(
                  Locale.ROOT,
                  "%,d requests for %,d events; dead letters after it: %d (retries exhausted)",
                  receiver.requests(),
                  run.load.accepted.size(),
                  FaultAttempts.deadLetters(run.tenant)));
    } finally {
      receiver.failShare(0);
    }
  }

  /**
   * 5. A receiver down longer than the retry schedule; then one bulk replay of the dead letters.
   */
  FaultRow down() throws Exception {
    try (FaultApp app =
        app("down", CIRCUIT, NO_AUTO_DISABLE, "--hookyard.dispatch.circuit-failures=1000")) {
      app.start();
      // set before the load starts (begin() keeps it): every request fails until the replay
      receiver.failShare(1);
      Loaded run = begin(app, "down", SHORT);
      // a third of the load time: at 300/s over 20 endpoints, 300 events each, 900 failed tries,
      // fewer than the 1,000 in a row that would open a circuit
      sleep(settings.seconds().dividedBy(3));
      run.load.stop();
      run.load.await(Duration.ofMinutes(2));
      long dead;
      long failedRequests;
      try {
        dead =
            FaultAttempts.awaitDeadLetters(run.tenant, run.load.accepted.size(), settings.drain());
        failedRequests = receiver.requests();
      } finally {
        receiver.failShare(0);
      }
      long t0 = System.nanoTime();
      ApiClient.Response replay = run.tenant.api().post("/api/v1/dead-letters/replay", "{}");
      FaultRow row = finish("5. receiver down past the retry schedule, then bulk replay", run, "-");
      long ordered = ordered(run);
      return row.withRecovery(
              secs("all replayed delivered", (System.nanoTime() - t0) / 1e9 - drain.lastSeconds()))
          .withNotes(
              failedRequests
                  + " requests failed, then "
                  + dead
                  + " dead letters; replay answered "
                  + replay.status()
                  + " "
                  + replay.body().path("replayed").asLong()
                  + "; breaker nearly off here (circuit-failures 1,000, the most allowed) so three"
                  + " tries each fit in minutes")
          .expecting(
              dead >= run.load.accepted.size() - ordered,
              "every accepted event dead-lettered, but for the ordered endpoint's ("
                  + dead
                  + " of "
                  + run.load.accepted.size()
                  + ", "
                  + ordered
                  + " for the ordered endpoint)")
          .expecting(
              replay.body().path("replayed").asLong() == dead, "the replay took every dead letter");
    }
  }

  /**
   * Accepted events for endpoint 0, the ordered one (mark {@code n} goes to endpoint {@code n} mod
   * endpoints). It retries one delivery at a time, in place, so at full size its last deliveries
   * are still in their retries when the others are all dead-lettered.
   */
  private long ordered(Loaded run) {
    return run.load.accepted.stream()
        .filter(m -> run.load.route(Long.parseLong(m.substring(m.lastIndexOf('-') + 1))) == 0)
        .count();
  }

  /** 6. The hostile flood beside legitimate traffic, on the app {@link #flaky} used. */
  FaultRow hostile(FaultApp app) throws Exception {
    Loaded run = begin(app, "hostile", STEADY);
    HostileFlood flood = new HostileFlood(run.tenant);
    long rssBefore = app.rssMib();
    List<Thread> slow = flood.slowBodies(settings.slow(), settings.seconds().dividedBy(2));
    flood.run(settings.hostile(), 64);
    long rssPeak = app.rssMib();
    for (Thread t : slow) {
      t.join();
    }
    long[] legit = run.load.latencyMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    FaultRow row = finish("6. hostile flood beside legitimate traffic", run, "-");
    long breaches = flood.accepted.get() + flood.slowAccepted.get() + receiver.hostileArrivals();
    return row.withBreaches(row.breaches() + breaches)
        .withNotes(
            String.format(
                Locale.ROOT,
                "%,d hostile + %,d slow bodies (%,d opened): %,d accepted, %,d reached the"
                    + " receiver; legit p50/p99 %.1f/%.1f ms during the flood; RSS %,d → %,d MiB;"
                    + " answers: %s",
                flood.sent.get(),
                settings.slow(),
                flood.slowOpened.get(),
                flood.accepted.get() + flood.slowAccepted.get(),
                receiver.hostileArrivals(),
                percentile(legit, 0.50) / 1000.0,
                percentile(legit, 0.99) / 1000.0,
                rssBefore,
                rssPeak,
                flood.summary()));
  }

  FaultApp app(String name, String... extra) throws Exception {
    return new FaultApp(
        settings.jar().toAbsolutePath(),
        Files.createDirectories(dir.resolve(name)),
        List.of(extra));
  }

  /** One scenario's tenant, its load and the isolation walk beside it. */
  private record Loaded(FaultTenant tenant, FaultLoad load, IsolationWalk walk) {}

  private Loaded begin(FaultApp app, String name, String schedule) throws Exception {
    return begin(app, name, schedule, 1);
  }

  /**
   * Starts a row's load; the ordered endpoint gets one in {@code orderedEvery} of its share ({@link
   * FaultLoad#route}).
   */
  private Loaded begin(FaultApp app, String name, String schedule, int orderedEvery)
      throws Exception {
    receiver.reset();
    ApiClient operator = app.operator();
    FaultTenant tenant =
        FaultTenant.create(operator, name, receiver, settings.endpoints(), schedule);
    ApiClient.Response intruder =
        FaultTenant.require(operator.post("/api/v1/tenants", "{\"name\":\"intruder\"}"), 201);
    IsolationWalk walk =
        new IsolationWalk(operator.as(intruder.body().path("api_key").asString()), tenant);
    walk.start();
    FaultLoad load = new FaultLoad(tenant, name, orderedEvery).start(settings.rate());
    return new Loaded(tenant, load, walk);
  }

  private FaultRow finish(String scenario, Loaded run, String recovery) throws Exception {
    return finish(scenario, run, recovery, settings.drain());
  }

  private FaultRow finish(String scenario, Loaded run, String recovery, Duration most)
      throws Exception {
    run.load.stop();
    run.load.await(Duration.ofMinutes(2));
    double drained = drain.await(run.load.accepted, most);
    run.walk.stop();
    run.load.close();
    return new FaultRow(
        scenario,
        run.load.sent(),
        run.load.accepted.size(),
        run.load.refused.size(),
        run.load.unknown.size(),
        receiver.delivered(run.load.accepted),
        receiver.duplicates(),
        receiver.withOtherIds(),
        receiver.delivered(run.load.refused),
        run.walk.breaches(),
        recovery,
        String.format(
            Locale.ROOT,
            "answers other than 2xx: %s; not delivered: %s; drained %.1f s after the load;"
                + " %,d isolation walks",
            run.load.failures(),
            receiver.lostByEntry(run.load.accepted),
            drained,
            run.walk.walks()),
        "");
  }

  private static int statusOf(ApiClient api, String path) {
    try {
      return api.get(path).status();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String summary(List<Integer> statuses) {
    List<Integer> sorted = new ArrayList<>(statuses);
    Collections.sort(sorted);
    StringBuilder out = new StringBuilder();
    sorted.stream()
        .distinct()
        .forEach(
            s -> out.append(s).append('×').append(Collections.frequency(statuses, s)).append(' '));
    return out.toString().trim();
  }

  private static String schedule(int retries) {
    return "[" + String.join(",", Collections.nCopies(retries, "\"PT1S\"")) + "]";
  }

  private static String secs(String what, double seconds) {
    return String.format(Locale.ROOT, "%s in %.1f s", what, seconds);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }
}
