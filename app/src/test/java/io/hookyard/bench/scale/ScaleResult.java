package io.hookyard.bench.scale;

import io.hookyard.bench.scale.ScaleReceiver.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the receivers saw in one run, judged: every event delivered, a repeated delivery only with
 * the same {@code webhook-id}, nothing at the wrong endpoint, and no endpoint above its rate limit
 * (+2 %) in any one-minute window — across the stop of one worker and the rebalance after it.
 *
 * @param marks every mark published (warm-up ones included); a mark {@code e<i>-…} is for endpoint
 *     i
 * @param stopTook from the signal to the process's end
 * @param elapsed from the first event published to the last one delivered
 */
record ScaleResult(
    ScaleSettings settings,
    ScaleNode.Stop stop,
    Set<String> marks,
    List<Arrival> arrivals,
    Duration stopTook,
    Duration elapsed) {

  static int endpointOf(String mark) {
    return Integer.parseInt(mark.substring(1, mark.indexOf('-')));
  }

  long lost() {
    Set<String> seen = new HashSet<>();
    arrivals.forEach(a -> seen.add(a.mark()));
    return marks.stream().filter(m -> !seen.contains(m)).count();
  }

  long duplicates() {
    return arrivals.size() - arrivals.stream().map(Arrival::mark).distinct().count();
  }

  /** Marks whose requests did not all carry the same {@code webhook-id}. */
  long withOtherIds() {
    Map<String, Set<String>> ids = new HashMap<>();
    arrivals.forEach(
        a ->
            ids.computeIfAbsent(a.mark(), k -> new HashSet<>()).add(String.valueOf(a.webhookId())));
    return ids.values().stream().filter(s -> s.size() > 1).count();
  }

  /** Requests that reached another endpoint than their event's, or carried no known mark. */
  long misrouted() {
    return arrivals.stream()
        .filter(a -> !marks.contains(a.mark()) || endpointOf(a.mark()) != a.endpoint())
        .count();
  }

  /**
   * Per endpoint, the most requests that arrived within one window ({@link ScaleSettings#WINDOW}).
   */
  int[] busiestWindows() {
    long window = ScaleSettings.WINDOW.toNanos();
    long[][] times = new long[settings.endpoints()][];
    int[] counts = new int[settings.endpoints()];
    List<Arrival> known =
        arrivals.stream().filter(a -> a.endpoint() >= 0 && a.endpoint() < counts.length).toList();
    known.forEach(a -> counts[a.endpoint()]++);
    for (int e = 0; e < times.length; e++) {
      times[e] = new long[counts[e]];
      counts[e] = 0;
    }
    known.forEach(a -> times[a.endpoint()][counts[a.endpoint()]++] = a.nanos());
    int[] busiest = new int[times.length];
    for (int e = 0; e < times.length; e++) {
      long[] t = times[e];
      Arrays.sort(t);
      int j = 0;
      for (int i = 0; i < t.length; i++) {
        while (j < t.length && t[j] - t[i] < window) {
          j++;
        }
        busiest[e] = Math.max(busiest[e], j - i);
      }
    }
    return busiest;
  }

  /** Endpoints whose busiest window went past the limit and its 2 %. */
  List<Integer> overLimit() {
    int[] busiest = busiestWindows();
    List<Integer> over = new ArrayList<>();
    for (int e = 0; e < busiest.length; e++) {
      if (busiest[e] > settings.allowedPerWindow()) {
        over.add(e);
      }
    }
    return over;
  }

  /** The busiest window of all endpoints, as a share of the limit. */
  double worstRatio() {
    return Arrays.stream(busiestWindows()).max().orElse(0) / (double) settings.limit();
  }

  /** The longest any endpoint went without a request: the failover's pause for the moved ones. */
  Duration longestPause() {
    Map<Integer, List<Long>> byEndpoint = new HashMap<>();
    arrivals.forEach(
        a -> byEndpoint.computeIfAbsent(a.endpoint(), k -> new ArrayList<>()).add(a.nanos()));
    long longest = 0;
    for (List<Long> times : byEndpoint.values()) {
      times.sort(null);
      for (int i = 1; i < times.size(); i++) {
        longest = Math.max(longest, times.get(i) - times.get(i - 1));
      }
    }
    return Duration.ofNanos(longest);
  }

  /** What went wrong, in words; empty when the run proves the point. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (lost() > 0) {
      problems.add(lost() + " of " + marks.size() + " events never delivered");
    }
    if (withOtherIds() > 0) {
      problems.add(withOtherIds() + " events delivered again under another webhook-id");
    }
    if (misrouted() > 0) {
      problems.add(misrouted() + " requests at the wrong endpoint");
    }
    List<Integer> over = overLimit();
    if (!over.isEmpty()) {
      int[] busiest = busiestWindows();
      problems.add(
          over.size()
              + " endpoints above "
              + settings.allowedPerWindow()
              + " requests in a minute (limit "
              + settings.limit()
              + " + 2 %), e.g. endpoint "
              + over.get(0)
              + " with "
              + busiest[over.get(0)]);
    }
    return problems;
  }

  /** One line of figures for the report. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "%s: %d events to %d endpoints at %d/min, worker stopped in %.1f s; all delivered after"
            + " %.0f s; %d lost, %d duplicates (%d under another id), %d misrouted; busiest"
            + " minute %.1f %% of the limit; longest pause of one endpoint %.1f s",
        stop,
        marks.size(),
        settings.endpoints(),
        settings.limit(),
        stopTook.toMillis() / 1000.0,
        elapsed.toMillis() / 1000.0,
        lost(),
        duplicates(),
        withOtherIds(),
        misrouted(),
        worstRatio() * 100,
        longestPause().toMillis() / 1000.0);
  }
}
