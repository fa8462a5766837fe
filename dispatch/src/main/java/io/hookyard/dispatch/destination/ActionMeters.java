package io.hookyard.dispatch.destination;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** One action's meters, tagged by vendor and action only (never tenant or endpoint). */
record ActionMeters(Timer duration, Map<Destinations.Kind, Counter> results) {

  static ActionMeters register(Action action, MeterRegistry meters) {
    Map<Destinations.Kind, Counter> results = new EnumMap<>(Destinations.Kind.class);
    for (Destinations.Kind kind : Destinations.Kind.values()) {
      results.put(
          kind,
          Counter.builder("hookyard.destination.results")
              .tag("vendor", action.type())
              .tag("action", action.name())
              .tag("result", kind.name().toLowerCase(Locale.ROOT))
              .register(meters));
    }
    return new ActionMeters(
        meters.timer(
            "hookyard.destination.duration", "vendor", action.type(), "action", action.name()),
        results);
  }
}
