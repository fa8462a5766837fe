import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went (not a test; a reading aid for docs/benchmarks.md).
 *
 * <p>Usage: {@code java bench/JfrTop.java <file.jfr> [from-seconds] [to-seconds] [thread-filter]
 * [frame-filter]}: the execution samples between those offsets from the recording's first event,
 * grouped by thread (digits folded, so a pool is one row), by top frame (self time), and by every
 * method on the stack (inclusive time, each counted once per sample). With a thread filter only
 * threads whose name contains it count; with a frame filter only samples with a frame containing
 * it.
 */
public class JfrTop {
  public static void main(String[] args) throws Exception {
    List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
    Instant start =
        events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElseThrow();
    double from = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    double to = args.length > 2 ? Double.parseDouble(args[2]) : Double.MAX_VALUE;
    String threadFilter = args.length > 3 && !args[3].equals("-") ? args[3] : null;
    String frameFilter = args.length > 4 ? args[4] : null;
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : events) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      double at = Duration.between(start, e.getStartTime()).toMillis() / 1000.0;
      if (at < from || at > to) {
        continue;
      }
      String thread = e.getThread("sampledThread").getJavaName();
      thread = thread == null ? "?" : thread.replaceAll("[0-9]+", "#");
      if (threadFilter != null && !thread.contains(threadFilter)) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (frameFilter != null
          && frames.stream().noneMatch(f -> name(f).contains(frameFilter))) {
        continue;
      }
      total++;
      threads.merge(thread, 1, Integer::sum);
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.printf("%d samples%n", total);
    print("threads", threads, total, 25);
    print("self", self, total, 40);
    print("inclusive", inclusive, total, Integer.getInteger("top", 80));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int total, int limit) {
    System.out.printf("%n== %s%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(
            en ->
                System.out.printf(
                    "%6.2f%%  %6d  %s%n", 100.0 * en.getValue() / total, en.getValue(), en.getKey()));
  }
}
