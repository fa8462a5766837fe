package io.hookyard.ingest.webhook.vendor;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A vendor's webhook request exactly as it arrived: the raw body bytes (signatures cover bytes,
 * never a re-serialised body), the headers with lower-case names, and the full URL the vendor
 * called (HubSpot v3 and Twilio sign it).
 */
public record InboundRequest(
    String method, URI url, Map<String, List<String>> headers, byte[] body) {

  public InboundRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach(
        (name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Map.copyOf(lower);
  }

  /** The first value of a header, case-insensitively, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A query parameter's first value, URL-decoded, or null. */
  public String queryParameter(String name) {
    String query = url.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
        return eq < 0
            ? ""
            : java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "InboundRequest[" + method + " " + url.getPath() + ", " + body.length + " bytes]";
  }
}
