package io.hookyard.ingest.webhook.vendor.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Twilio's signed form text: every parameter name then value, sorted by name (case-sensitive). */
final class FormParameters {

  private FormParameters() {}

  static String signedText(byte[] body) {
    Map<String, List<String>> params = new TreeMap<>();
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    StringBuilder text = new StringBuilder();
    params.forEach(
        (name, values) ->
            values.stream().sorted().forEach(value -> text.append(name).append(value)));
    return text.toString();
  }

  /** Decoded; a malformed escape is kept as sent, and then simply fails to match. */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
