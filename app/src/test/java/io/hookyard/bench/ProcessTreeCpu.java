package io.hookyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a process and all its descendants (Hookyard's JVM and the PostgreSQL processes it
 * started), from {@code /proc}: the "side's processes" of {@code bench/e2e.sh}.
 */
final class ProcessTreeCpu {
  /** Linux's USER_HZ; {@code getconf CLK_TCK} is 100 on every kernel this runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessTreeCpu() {}

  static long nanos(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> ticks(p.pid())).sum()
        * NANOS_PER_TICK;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between listing and reading
    }
  }
}
