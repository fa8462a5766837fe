package io.hookyard.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A vendor API on loopback with an OAuth 2.0 token endpoint ({@code /oauth/token}); every other
 * path is an authenticated API route. It knows one client (id and secret) and one authorization
 * code; exchanging that code issues an access token, and API routes answer 200 only to it (or to
 * the token set with {@link #acceptToken}, as a bearer token or {@code x-api-token}), 401
 * otherwise. Records every request.
 */
public final class LoopbackVendor implements AutoCloseable {
  public static final String CLIENT_ID = "client-1";
  public static final String CLIENT_SECRET = "client-secret-1";
  public static final String CODE = "code-1";
  public static final String ISSUED_TOKEN = "issued-access-token";
  public static final String REFRESHED_TOKEN = "refreshed-access-token";

  private final HttpServer server;
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private volatile String acceptedToken = ISSUED_TOKEN;
  private volatile int expiresIn = 600;

  /** One request as it arrived: method, path, lower-case headers, form or body text. */
  public record Request(
      String method, String path, Map<String, String> headers, Map<String, String> form) {}

  public LoopbackVendor() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", this::handle);
    server.start();
  }

  /** From now on {@code /me} accepts {@code token} (instead of the issued one). */
  public void acceptToken(String token) {
    this.acceptedToken = token;
  }

  /** From now on the code exchange issues tokens valid for {@code seconds}. */
  public void issueTokensValidFor(int seconds) {
    this.expiresIn = seconds;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = new TreeMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String path = exchange.getRequestURI().getPath();
    received.add(new Request(exchange.getRequestMethod(), path, headers, form));
    if (path.equals("/oauth/token")) {
      boolean client =
          CLIENT_ID.equals(form.get("client_id"))
              && CLIENT_SECRET.equals(form.get("client_secret"));
      boolean code =
          "authorization_code".equals(form.get("grant_type")) && CODE.equals(form.get("code"));
      boolean refresh =
          "refresh_token".equals(form.get("grant_type"))
              && "refresh-1".equals(form.get("refresh_token"));
      if (client && (code || refresh)) {
        reply(
            exchange,
            200,
            "{\"access_token\":\""
                + (code ? ISSUED_TOKEN : REFRESHED_TOKEN)
                + "\",\"refresh_token\":\"refresh-1\",\"expires_in\":\""
                + (code ? expiresIn : 600)
                + "\",\"token_type\":\"bearer\"}");
      } else {
        reply(
            exchange,
            400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"code "
                + form.get("code")
                + " is bad\"}");
      }
    } else {
      boolean known =
          headers.getOrDefault("authorization", "").equals("Bearer " + acceptedToken)
              || headers.getOrDefault("x-api-token", "").equals(acceptedToken);
      reply(exchange, known ? 200 : 401, "{\"d\":{}}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
