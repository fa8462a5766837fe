package io.hookyard.app.support;

import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Calls Hookyard's API as a user would: plain HTTP and JSON. */
public final class ApiClient {
  static {
    // One connection per call: the JDK client can pick a pooled connection the server is just
    // closing and then wait out its whole timeout (seen here as a rare 30 s hang), which would
    // make a test flaky for a reason no user of the API meets.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
  }

  /**
   * HTTP/1.1 as curl and webhook tools speak it: the JDK's default HTTP/2 client first tries an h2c
   * upgrade on plain http, which the server does not offer.
   */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String base;
  private final String key;

  public ApiClient(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** The base URL this client calls, such as {@code http://127.0.0.1:8080}. */
  public String base() {
    return base;
  }

  /** The key this client calls with. */
  public String key() {
    return key;
  }

  public ApiClient as(String otherKey) {
    return new ApiClient(base, otherKey);
  }

  /** The status, headers and parsed body of one call. */
  public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The error envelope's {@code details.field}, or null. */
    public String errorField() {
      return body == null ? null : body.path("error").path("details").path("field").asString(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response patch(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response put(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Posts raw bytes with the given headers, as a vendor would. */
  public Response postRaw(String path, byte[] body, java.util.Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    return send(builder);
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** GETs a plain-text page (such as {@code /actuator/prometheus}); fails unless 200. */
  public String getText(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response =
          http.send(
              builder.header("Connection", "close").timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private Response send(HttpRequest.Builder builder) {
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    builder.header("Connection", "close");
    try {
      HttpResponse<String> response =
          http.send(
              builder.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode tree =
          body == null || body.isBlank() ? null : Json.tree(body.getBytes(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), tree, response.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
