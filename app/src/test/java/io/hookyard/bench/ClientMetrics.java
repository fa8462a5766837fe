package io.hookyard.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads Kafka client metrics of this JVM over JMX, for the benchmarks' diagnostics: where a stage
 * waits (fetch, processing, commit). Kafka clients and Kafka Streams register their metrics as
 * MBeans; the embedded app runs in the benchmark's JVM.
 */
final class ClientMetrics {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private ClientMetrics() {}

  /**
   * One line of {@code attributes} of each MBean matching {@code pattern} whose name contains
   * {@code nameContains}.
   */
  static String line(String pattern, String nameContains, List<String> attributes) {
    TreeMap<String, String> out = new TreeMap<>();
    try {
      Set<ObjectName> names = SERVER.queryNames(new ObjectName(pattern), null);
      for (ObjectName name : names) {
        if (!name.toString().contains(nameContains)) {
          continue;
        }
        StringBuilder b = new StringBuilder();
        for (String attribute : attributes) {
          Object value;
          try {
            value = SERVER.getAttribute(name, attribute);
          } catch (javax.management.AttributeNotFoundException e) {
            continue;
          }
          b.append(attribute)
              .append('=')
              .append(value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : value)
              .append(' ');
        }
        if (b.isEmpty()) {
          continue;
        }
        out.put(
            name.getKeyPropertyList().toString().replaceAll("client-id=[^,}]*StreamThread", "T"),
            b.toString().trim());
      }
    } catch (Exception e) {
      return "metrics unavailable: " + e;
    }
    return out.toString();
  }
}
