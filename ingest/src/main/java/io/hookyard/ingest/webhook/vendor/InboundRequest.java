package io.hookyard.ingest.webhook.vendor;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A vendor's webhook request exactly as it arrived: the raw body bytes (signatures cover bytes,
 * never a re-serialised body), the headers looked up case-insensitively, and the full URL the
 * vendor called (HubSpot v3 and Twilio sign it).
 *
 * <p>The headers are a view of the server's own header map ({@link Headers}), not a copy: adapters
 * read two or three of them per request.
 */
public final class InboundRequest {

  /** Read access to a request's headers as the server holds them. */
  public interface Headers {
    /** The first value of a header, its name compared case-insensitively, or null. */
    String first(String name);

    /** Every header line in arrival order, with its name as sent. */
    void forEach(BiConsumer<String, String> line);
  }

  /** The request's URL could not be read as a URI (thrown by {@link #url()}). */
  public static final class UnreadableUrlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnreadableUrlException(String message) {
      super(message);
    }
  }

  private final String method;
  private final Supplier<URI> urlSource;
  private final Headers headers;
  private final byte[] body;
  private URI url;

  /**
   * A request whose URL is built only when an adapter asks for it (most never do); {@code url}
   * throws {@link UnreadableUrlException} when it cannot.
   */
  public InboundRequest(String method, Supplier<URI> url, Headers headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method");
    this.urlSource = Objects.requireNonNull(url, "url");
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = Objects.requireNonNull(body, "body");
  }

  /** A request from a plain header map (tests, tools): copied once, names lower-cased. */
  public InboundRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {
    this(method, () -> url, new CopiedHeaders(headers), body);
    this.url = Objects.requireNonNull(url, "url");
  }

  public String method() {
    return method;
  }

  /** The full URL the vendor called. Not thread-safe: a request is handled on one thread. */
  public URI url() {
    if (url == null) {
      url = Objects.requireNonNull(urlSource.get(), "url");
    }
    return url;
  }

  public byte[] body() {
    return body;
  }

  public Headers headers() {
    return headers;
  }

  /** The first value of a header, case-insensitively, or null. */
  public String header(String name) {
    return headers.first(name);
  }

  /** A query parameter's first value, URL-decoded, or null. */
  public String queryParameter(String name) {
    String query = url().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "InboundRequest[" + method + ", " + body.length + " bytes]";
  }

  private static final class CopiedHeaders implements Headers {
    private final Map<String, List<String>> lower = new TreeMap<>();

    CopiedHeaders(Map<String, List<String>> headers) {
      headers.forEach(
          (name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    }

    @Override
    public String first(String name) {
      List<String> values = lower.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void forEach(BiConsumer<String, String> line) {
      lower.forEach((name, values) -> values.forEach(value -> line.accept(name, value)));
    }
  }
}
