package io.hookyard.app.support.vendor.slack;

import io.hookyard.app.support.vendor.VendorFake;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API {@code chat.postMessage} on loopback, as vendors.md §20.2 describes it: bearer
 * token in the header, JSON body; HTTP 200 with {@code ok: true, channel, ts}, or HTTP 200 {@code
 * ok: false, error} ({@code invalid_auth} for an unknown token, {@code channel_not_found} for a
 * channel it does not know, {@code no_text} without text or blocks); 429 with {@code Retry-After}
 * when scripted or over the limit.
 */
public final class SlackWriteFake extends VendorFake {
  public static final String TOKEN = "xoxb-test-token";
  public static final String CHANNEL = "C0123456789";
  private final AtomicLong ts = new AtomicLong(1_700_000_000_000L);

  /** On any free port. */
  public SlackWriteFake() {
    this(0);
  }

  /** On {@code port} of 127.0.0.1 (0: any free one). */
  public SlackWriteFake(int port) {
    super(port);
  }

  @Override
  protected Answer answer(Call call) {
    if (!call.path().equals("/api/chat.postMessage") || !call.method().equals("POST")) {
      return json(404, Map.of("ok", false, "error", "unknown_method"));
    }
    if (!("Bearer " + TOKEN).equals(call.header("authorization"))) {
      return json(200, Map.of("ok", false, "error", "invalid_auth"));
    }
    var body = call.json();
    String channel = body.path("channel").asString("");
    if (!channel.equals(CHANNEL)) {
      return json(200, Map.of("ok", false, "error", "channel_not_found"));
    }
    if (!body.has("text") && !body.has("blocks")) {
      return json(200, Map.of("ok", false, "error", "no_text"));
    }
    long n = ts.incrementAndGet();
    String stamp = (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
    return json(
        200,
        Map.of(
            "ok",
            true,
            "channel",
            channel,
            "ts",
            stamp,
            "message",
            Map.of("text", body.path("text").asString(""))));
  }

  /** The posted messages' bodies. */
  public List<Call> posts() {
    return calls("POST", "/api/chat.postMessage");
  }

  /** Slack's answer to a throttled call. */
  public void throttleNext(int retryAfterSeconds) {
    failNext(
        429,
        Map.of(
            "Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json"),
        "{\"ok\":false,\"error\":\"ratelimited\"}");
  }
}
