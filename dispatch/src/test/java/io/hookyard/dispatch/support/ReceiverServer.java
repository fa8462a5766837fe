package io.hookyard.dispatch.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real subscriber on a loopback port, for tests of what goes over the wire. It records every
 * request to {@code /hook} and answers the others as their path says:
 *
 * <ul>
 *   <li>{@code POST /hook}: 200 {@code ok}
 *   <li>{@code POST /status/{code}/{bodySize}}: that status with a body of {@code bodySize} bytes
 *   <li>{@code POST /redirect}: 302 to {@code /target}; {@code /target} only counts its callers
 *   <li>{@code POST /slow/{millis}}: 200 after that many milliseconds
 *   <li>{@code POST /fail-first/{n}}: 500 to the first {@code n} such requests, then 200
 *   <li>{@code POST /hang}: never answers
 * </ul>
 */
public final class ReceiverServer implements AutoCloseable {

  /** One request as it arrived: header names as sent, body bytes untouched. */
  public record Received(String path, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger targetCalls = new AtomicInteger();
  private final AtomicInteger failFirst = new AtomicInteger();
  private final DisposableServer server;

  public ReceiverServer() {
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .post("/hook", this::hook)
                        .post("/status/{code}/{size}", ReceiverServer::status)
                        .post(
                            "/slow/{millis}",
                            (req, res) ->
                                res.status(200)
                                    .sendString(
                                        Mono.just("ok")
                                            .delayElement(
                                                Duration.ofMillis(
                                                    Long.parseLong(req.param("millis"))))))
                        .post(
                            "/redirect",
                            (req, res) ->
                                res.status(302)
                                    .header("Location", url("/target").toString())
                                    .send())
                        .route(
                            req -> req.uri().startsWith("/target"),
                            (req, res) -> {
                              targetCalls.incrementAndGet();
                              return res.status(200).sendString(Mono.just("followed"));
                            })
                        .post(
                            "/fail-first/{n}",
                            (req, res) ->
                                req.receive()
                                    .then()
                                    .then(
                                        res.status(
                                                failFirst.incrementAndGet()
                                                        <= Integer.parseInt(req.param("n"))
                                                    ? 500
                                                    : 200)
                                            .send()
                                            .then()))
                        .post("/hang", (req, res) -> Mono.never()))
            .bindNow();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public int targetCalls() {
    return targetCalls.get();
  }

  private Mono<Void> hook(HttpServerRequest req, HttpServerResponse res) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    req.requestHeaders()
        .names()
        .forEach(name -> headers.put(name, new ArrayList<>(req.requestHeaders().getAll(name))));
    return req.receive()
        .aggregate()
        .asByteArray()
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body -> {
              received.add(new Received(req.path(), headers, body));
              return res.status(200).sendString(Mono.just("ok")).then();
            });
  }

  private static Mono<Void> status(HttpServerRequest req, HttpServerResponse res) {
    int code = Integer.parseInt(req.param("code"));
    int size = Integer.parseInt(req.param("size"));
    byte[] body = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
    return req.receive()
        .then()
        .then(
            res.status(code)
                .header("Content-Length", Integer.toString(size))
                .sendByteArray(Mono.just(body))
                .then());
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
