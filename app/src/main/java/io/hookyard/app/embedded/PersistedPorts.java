package io.hookyard.app.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loopback ports that survive restarts: chosen free on the first start, kept in a properties file
 * next to the server's data, and reused later so that a developer's tools keep pointing at the same
 * address. A port that is taken by then is replaced (and the file updated) rather than failing.
 */
final class PersistedPorts {
  private static final Logger log = LoggerFactory.getLogger(PersistedPorts.class);

  /** Ports handed out by this JVM, so two servers starting in parallel never pick the same one. */
  private static final Set<Integer> handedOut = new HashSet<>();

  private PersistedPorts() {}

  /** Returns a free loopback port for each name, reusing the ones stored in {@code file}. */
  static synchronized Map<String, Integer> resolve(Path file, List<String> names)
      throws IOException {
    Properties stored = load(file);
    Map<String, Integer> ports = new LinkedHashMap<>();
    boolean changed = false;
    for (String name : names) {
      Integer previous = parse(stored.getProperty(name));
      int port;
      if (previous != null && !handedOut.contains(previous) && isFree(previous)) {
        port = previous;
      } else {
        port = pickFree();
        changed = true;
        if (previous != null) {
          log.warn(
              "{} port {} is taken; using {} instead (saved in {})", name, previous, port, file);
        }
      }
      handedOut.add(port);
      ports.put(name, port);
      stored.setProperty(name, Integer.toString(port));
    }
    if (changed) {
      store(file, stored);
    }
    return ports;
  }

  /** Lets a later start in this JVM (a restart) take the port again. */
  static synchronized void release(Iterable<Integer> ports) {
    ports.forEach(handedOut::remove);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int pickFree() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        if (!handedOut.contains(port)) {
          return port;
        }
      }
    }
  }

  private static Integer parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      int port = Integer.parseInt(value.trim());
      return port > 0 && port < 65536 ? port : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return properties;
  }

  private static void store(Path file, Properties properties) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "Loopback ports chosen on the first start and reused on restarts");
    }
  }
}
