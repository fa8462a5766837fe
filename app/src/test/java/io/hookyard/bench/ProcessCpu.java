package io.hookyard.bench;

import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, all threads together, for the benchmarks' "cores busy" figures. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU used by this process so far, or 0 where the JVM does not tell. */
  static long nanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }
}
