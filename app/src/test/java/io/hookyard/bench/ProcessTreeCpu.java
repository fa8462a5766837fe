package io.hookyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a process and all its descendants, from {@code /proc}: the "side's processes" of
 * {@code bench/e2e.sh}. Hookyard's embedded PostgreSQL is not among the JVM's descendants (it runs
 * as a daemon); {@link E2eSide} adds its process tree.
 */
final class ProcessTreeCpu {
  /** Linux's USER_HZ; {@code getconf CLK_TCK} is 100 on every kernel this runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessTreeCpu() {}

  static long nanos(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> ticks(p.pid())).sum()
        * NANOS_PER_TICK;
  }

  /**
   * CPU time of the JIT compiler threads ({@code C1 CompilerThread#}, {@code C2 CompilerThread#})
   * of one JVM: how much of a reading is the JIT still compiling rather than the work itself.
   */
  static long compilerNanos(ProcessHandle jvm) {
    Path tasks = Path.of("/proc", Long.toString(jvm.pid()), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      return threads
              .filter(ProcessTreeCpu::isCompiler)
              .mapToLong(t -> ticks(t.resolve("stat")))
              .sum()
          * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended
    }
  }

  private static boolean isCompiler(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).trim();
      return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    } catch (IOException e) {
      return false; // the thread ended
    }
  }

  private static long ticks(long pid) {
    return ticks(Path.of("/proc", Long.toString(pid), "stat"));
  }

  private static long ticks(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between listing and reading
    }
  }
}
