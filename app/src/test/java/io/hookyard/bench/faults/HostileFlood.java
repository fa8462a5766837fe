package io.hookyard.bench.faults;

import com.standardwebhooks.Webhook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Hostile inbound requests of every kind the fault suite names, each carrying a {@code hostile-<n>}
 * mark so that one reaching a subscriber is seen: forged signatures, signatures replayed outside
 * the tolerance, a source that does not exist, oversized bodies, signed bodies that are not JSON,
 * deep nesting, huge headers, a wrong API key, and slow bodies held open on raw sockets. Any 2xx
 * answer is a breach.
 */
final class HostileFlood {
  static final List<String> KINDS =
      List.of(
          "forged",
          "stale",
          "wrong-source",
          "oversized",
          "malformed",
          "deep",
          "huge-headers",
          "wrong-key",
          "malformed-publish");

  final Map<String, Map<Integer, AtomicLong>> answers = new ConcurrentHashMap<>();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong slowAccepted = new AtomicLong();
  final AtomicLong slowOpened = new AtomicLong();
  private final FaultTenant tenant;
  private final Webhook signer = new Webhook(FaultTenant.SOURCE_SECRET);

  HostileFlood(FaultTenant tenant) {
    this.tenant = tenant;
  }

  /** Sends {@code total} hostile requests, {@code concurrency} at a time, kinds in turn. */
  void run(int total, int concurrency) {
    ConnectionProvider pool =
        ConnectionProvider.builder("hostile").maxConnections(concurrency).build();
    HttpClient client = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(30));
    try {
      Flux.range(0, total)
          .flatMap(n -> one(client, n), concurrency)
          .blockLast(Duration.ofMinutes(10));
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private Mono<Void> one(HttpClient client, int n) {
    String kind = KINDS.get(n % KINDS.size());
    String mark = "hostile-" + n;
    String body =
        "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-12-04T00:00:00Z\",\"data\":{\"mark\":\""
            + mark
            + "\"}}";
    String url = tenant.ingestUrl();
    Map<String, String> headers = new java.util.HashMap<>();
    long now = System.currentTimeMillis() / 1000;
    long stamp = now;
    switch (kind) {
      case "forged" -> headers.put("webhook-signature", "v1,Zm9yZ2VkIHNpZ25hdHVyZSBmb3JnZWQ=");
      case "stale" -> stamp = now - 3600;
      case "wrong-source" -> url = url.substring(0, url.lastIndexOf('/') + 1) + "src_nosuchsource";
      case "oversized" ->
          body = body.replace("}}", ",\"pad\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}}");
      case "malformed" -> body = body.substring(0, body.length() / 2);
      case "deep" ->
          body = body.replace("}}", ",\"deep\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}}");
      case "huge-headers" -> headers.put("X-Filler", "z".repeat(64 * 1024));
      case "wrong-key" -> {
        url = tenant.publishUrl();
        body = "{\"type\":\"invoice.paid\",\"data\":{\"mark\":\"" + mark + "\"}}";
        headers.put("Authorization", "Bearer hk_not_a_key_" + n);
      }
      case "malformed-publish" -> {
        url = tenant.publishUrl();
        body = "{\"type\":\"invoice.paid\",\"data\":{\"mark\":\"" + mark + "\"";
        headers.put("Authorization", "Bearer " + tenant.apiKey());
      }
      default -> throw new IllegalStateException(kind);
    }
    if (!kind.equals("wrong-key") && !kind.equals("malformed-publish")) {
      String id = "msg_" + mark;
      headers.put("webhook-id", id);
      headers.put("webhook-timestamp", Long.toString(stamp));
      try {
        headers.putIfAbsent("webhook-signature", signer.sign(id, stamp, body));
      } catch (Exception e) {
        return Mono.error(e);
      }
    }
    String target = url;
    String payload = body;
    sent.incrementAndGet();
    return client
        .headers(
            h -> {
              h.set("Content-Type", "application/json");
              headers.forEach(h::set);
            })
        .post()
        .uri(target)
        .send(ByteBufFlux.fromString(Mono.just(payload)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
        .onErrorReturn(0)
        .doOnNext(
            status -> {
              answers
                  .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                  .computeIfAbsent(status, s -> new AtomicLong())
                  .incrementAndGet();
              if (status >= 200 && status < 300) {
                accepted.incrementAndGet();
              }
            })
        .then();
  }

  /**
   * Opens {@code count} connections that each declare a 1,000,000-byte body, send 100 bytes and
   * stall for {@code hold}; answers the threads so the caller can join them.
   */
  List<Thread> slowBodies(int count, Duration hold) {
    String ingest = tenant.ingestUrl();
    java.net.URI uri = java.net.URI.create(ingest);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(() -> slow(uri, hold), "slow-body-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  private void slow(java.net.URI uri, Duration hold) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) Math.max(1, hold.toMillis()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + uri.getPath()
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "webhook-id: msg_slow\r\nwebhook-timestamp: 1\r\nwebhook-signature: v1,x\r\n"
                  + "Content-Length: 1000000\r\n\r\n"
                  + "{\"mark\":\"hostile-slow\",\"pad\":\""
                  + "s".repeat(60))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      slowOpened.incrementAndGet();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      long deadline = System.nanoTime() + hold.toNanos();
      int read = 0;
      while (read < head.length && System.nanoTime() < deadline) {
        int r = in.read(head, read, head.length - read);
        if (r < 0) {
          return; // closed by the server: what a slow body should get
        }
        read += r;
      }
      if (new String(head, 0, read, StandardCharsets.US_ASCII).matches("HTTP/1\\.1 2\\d\\d.*")) {
        slowAccepted.incrementAndGet();
      }
    } catch (IOException e) {
      // refused, reset or timed out: not accepted
    }
  }

  /** "kind: status×count, …" for the notes. */
  String summary() {
    StringBuilder out = new StringBuilder();
    for (String kind : KINDS) {
      Map<Integer, AtomicLong> byStatus = answers.getOrDefault(kind, Map.of());
      out.append(kind).append(' ');
      byStatus.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> out.append(e.getKey()).append('×').append(e.getValue().get()).append(' '));
      out.append("; ");
    }
    return out.toString().trim();
  }
}
