package io.hookyard.app.support;

import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One embedded Hookyard that the ITs which need nothing of their own share, so the IT suite boots
 * the broker, PostgreSQL and Spring once for all of them instead of once per class. Started on
 * first use, closed when another app starts ({@link RunningHookyard#start}: one app at a time on
 * this machine's two cores) or when the JVM exits. Its settings are fixed up front: short vendor
 * deadlines and waits as the destination ITs need them, a 2 s bound on request heads, no sync
 * engine (the run records are the ones the tests write), and every vendor's API on a port of its
 * own that the test's fake binds (see {@link #port}). A sharing test keeps to its own tenants,
 * endpoints, sources and fakes, and never counts what the others made; a test that needs other
 * settings, a restart or an outage starts its own app.
 */
public final class SharedHookyard {
  /** Marks a test class that uses the shared app: they run first (see {@link SharedFirst}). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Sharing {}

  /** The vendors whose API the shared app calls on loopback, each on a fixed port. */
  public enum Vendor {
    HUBSPOT,
    SLACK,
    JIRA,
    /** Graph on the port, Entra ID (its token endpoint) on the next. */
    MS_GRAPH,
    SALESFORCE
  }

  /** Below Linux's ephemeral range, so no port 0 server or outgoing connection takes one. */
  private static final int LOWEST_PORT = 20_000;

  private static final int HIGHEST_PORT = 32_000;

  private static final Map<Vendor, Integer> PORTS = new EnumMap<>(Vendor.class);
  private static RunningHookyard app;
  private static Path dataDir;
  private static boolean hooked;

  private SharedHookyard() {}

  /** The shared app, started now if it is not running. */
  public static synchronized RunningHookyard get() {
    if (app == null) {
      try {
        dataDir = Files.createTempDirectory("hookyard-shared");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        app = RunningHookyard.boot(dataDir, settings().toArray(String[]::new));
      } catch (RuntimeException e) {
        delete(dataDir); // the next test tries again on a fresh folder
        throw e;
      }
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SharedHookyard::stop, "shared-hookyard-stop"));
      }
    }
    return app;
  }

  /**
   * The port of 127.0.0.1 the shared app calls {@code vendor} on, the same for the whole JVM: the
   * test's fake binds it (and closes it when done, for the next test).
   */
  public static synchronized int port(Vendor vendor) {
    return PORTS.computeIfAbsent(vendor, v -> freePort(v == Vendor.MS_GRAPH ? 2 : 1));
  }

  /** The vendor's base URL as the shared app has it. */
  public static String baseUrl(Vendor vendor) {
    return "http://127.0.0.1:" + port(vendor);
  }

  /** Closes the shared app if it runs; the next {@link #get} starts a fresh one. */
  static synchronized void stop() {
    if (app == null) {
      return;
    }
    try {
      app.close();
    } finally {
      app = null;
      delete(dataDir);
    }
  }

  private static List<String> settings() {
    List<String> s = new ArrayList<>();
    // this class closes it, before it deletes the data folder
    s.add("--spring.main.register-shutdown-hook=false");
    s.add("--hookyard.syncs.enabled=false");
    // SlowHeadersIT's bound; a client sends its request head at once, a kept-alive one is exempt
    s.add("--hookyard.http.header-timeout=2s");
    s.add("--hookyard.destinations.timeout=PT2S");
    s.add("--hookyard.destinations.authorization-wait=PT2S");
    s.add("--hookyard.dispatch.throttle-floor=PT1S");
    s.add("--hookyard.dispatch.circuit-open-for=PT3S");
    String v = "--hookyard.connections.vendors.";
    s.add(v + "hubspot.base-url=" + baseUrl(Vendor.HUBSPOT));
    s.add(v + "slack.base-url=" + baseUrl(Vendor.SLACK));
    String jira = baseUrl(Vendor.JIRA);
    s.add(v + "jira.base-url=" + jira);
    s.add(v + "jira.token-url=" + jira + "/oauth/token");
    s.add(v + "jira.authorize-url=" + jira + "/authorize");
    s.add(v + "ms-graph.base-url=" + baseUrl(Vendor.MS_GRAPH));
    s.add(
        v
            + "ms-graph.token-url="
            + EntraIdTokens.tokenUrl("http://127.0.0.1:" + (port(Vendor.MS_GRAPH) + 1)));
    String salesforce = baseUrl(Vendor.SALESFORCE);
    s.add(v + "salesforce.token-url=" + salesforce + "/services/oauth2/token");
    s.add(v + "salesforce.authorize-url=" + salesforce + "/services/oauth2/authorize");
    return s;
  }

  /**
   * The first of {@code count} consecutive ports free now, none of them taken by another vendor.
   */
  private static int freePort(int count) {
    for (int tries = 0; tries < 1000; tries++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT);
      boolean free = true;
      for (int p = first; p < first + count && free; p++) {
        free = !taken(p) && bindable(p);
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST_PORT + " and " + HIGHEST_PORT);
  }

  private static boolean taken(int port) {
    return PORTS.entrySet().stream()
        .anyMatch(
            e ->
                port == e.getValue()
                    || (e.getKey() == Vendor.MS_GRAPH && port == e.getValue() + 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp folder left behind is no failure
    }
  }
}
