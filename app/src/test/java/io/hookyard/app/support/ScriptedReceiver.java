package io.hookyard.app.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP subscriber on loopback that answers from a script: each request takes the next
 * scripted answer, and once the script is used up every request gets {@code thenStatus}. Records
 * every request and the status it got.
 */
public final class ScriptedReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Got> received = new CopyOnWriteArrayList<>();
  private volatile int thenStatus = 200;

  /** One scripted answer; {@code retryAfter} is sent as the {@code Retry-After} header if set. */
  public record Answer(int status, String retryAfter) {
    public static Answer of(int status) {
      return new Answer(status, null);
    }
  }

  /**
   * One request and the status it was answered with. Header names are lower case; {@code
   * receivedAtNanos} is {@link System#nanoTime()} on arrival.
   */
  public record Got(
      Map<String, List<String>> headers, String body, int status, long receivedAtNanos) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase());
      return values == null ? null : values.get(0);
    }
  }

  public ScriptedReceiver(Answer... answers) throws IOException {
    script.addAll(List.of(answers));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          long at = System.nanoTime();
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Answer next = script.poll();
          Answer answer = next == null ? Answer.of(thenStatus) : next;
          received.add(new Got(headers, body, answer.status(), at));
          if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
          }
          byte[] reply = ("status " + answer.status()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  /** From now on, requests past the script get {@code status}. */
  public ScriptedReceiver thenAnswer(int status) {
    this.thenStatus = status;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  public List<Got> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
