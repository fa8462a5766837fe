package io.hookyard.bench.scale;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The 100 subscribers on loopback ({@code /ep/<i>}): notes the moment each request arrives, the
 * endpoint it was sent to, the {@code "mark"} of its event and its {@code webhook-id}, and answers
 * 200. Counting arrivals per endpoint in any one-minute window is how the test sees the rate limit
 * from the outside, across processes.
 */
final class ScaleReceiver implements AutoCloseable {
  private static final Pattern MARK = Pattern.compile("\"mark\":\"([^\"]+)\"");
  private static final Pattern PATH = Pattern.compile("^/ep/(\\d+)$");

  /** One request as it arrived; {@code nanos} on this JVM's monotonic clock. */
  record Arrival(int endpoint, String mark, String webhookId, long nanos) {}

  private final LoopResources loops = LoopResources.create("scale-subscriber", 2, true);
  private final DisposableServer server;
  private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  private final Map<String, Boolean> delivered = new ConcurrentHashMap<>();

  ScaleReceiver() {
    server =
        HttpServer.create()
            .runOn(loops)
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  long nanos = System.nanoTime();
                  String webhookId = request.requestHeaders().get("webhook-id");
                  Matcher path = PATH.matcher(request.uri());
                  int endpoint = path.matches() ? Integer.parseInt(path.group(1)) : -1;
                  return request
                      .receive()
                      .aggregate()
                      .asString(StandardCharsets.UTF_8)
                      .defaultIfEmpty("")
                      .flatMap(
                          body -> {
                            Matcher m = MARK.matcher(body);
                            String mark = m.find() ? m.group(1) : "";
                            arrivals.add(new Arrival(endpoint, mark, webhookId, nanos));
                            delivered.put(mark, Boolean.TRUE);
                            return response.status(200).send().then();
                          })
                      .then(Mono.<Void>empty());
                })
            .bindNow();
  }

  String url(int endpoint) {
    return "http://127.0.0.1:" + server.port() + "/ep/" + endpoint;
  }

  /** Distinct marks answered 200 so far. */
  int delivered() {
    return delivered.size();
  }

  List<Arrival> arrivals() {
    return new ArrayList<>(arrivals);
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
