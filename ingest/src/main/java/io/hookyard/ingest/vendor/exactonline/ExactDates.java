package io.hookyard.ingest.vendor.exactonline;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Exact Online's OData v2 dates: {@code /Date(1700000000000)/}, milliseconds since the epoch. */
final class ExactDates {
  private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d+)?\\)/");

  private ExactDates() {}

  /** The instant, or null when {@code text} is none or not such a date. */
  static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DATE.matcher(text);
    if (m.matches()) {
      return Instant.ofEpochMilli(Long.parseLong(m.group(1)));
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
