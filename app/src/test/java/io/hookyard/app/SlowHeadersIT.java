package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.StallingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server's bound on request heads ({@code hookyard.http.header-timeout}, 2 s here), on raw
 * sockets: a connection that stalls in its headers, trickles them a byte at a time, or sends
 * nothing is closed, while requests on other connections are answered and a kept-alive connection
 * that waits between requests longer than the bound is still served.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowHeadersIT {
  private static final String LIVENESS =
      "GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n";

  private RunningHookyard hookyard;
  private int port;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get(); // its header timeout is 2 s
    port = Integer.parseInt(hookyard.property("local.server.port"));
  }

  @Test
  void aConnectionStuckInItsHeadersIsClosedWhileAnotherIsServed() throws Exception {
    try (Socket stuck = connect();
        Socket silent = connect();
        Socket normal = connect()) {
      send(stuck, "POST /in/src_x HTTP/1.1\r\nHost: x\r\n");

      send(normal, LIVENESS);
      assertThat(StallingClient.read(normal).status()).isEqualTo(200);

      String answer = untilClosed(stuck);
      assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
      assertThat(silent.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void headersTrickledAByteAtATimeAreCutOff() throws Exception {
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (Socket slow = connect()) {
      byte[] head =
          "POST /in/src_x HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes(StandardCharsets.UTF_8);
      AtomicInteger sent = new AtomicInteger();
      OutputStream out = slow.getOutputStream();
      trickle.scheduleWithFixedDelay(
          () -> {
            int i = sent.getAndIncrement();
            try {
              out.write(i < head.length ? head[i] : 'a');
              out.flush();
            } catch (IOException closed) {
              trickle.shutdown();
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);

      // the server closes it: EOF, or a reset when a trickled byte crosses the close
      assertThat(untilClosed(slow))
          .satisfiesAnyOf(
              a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void aKeptAliveConnectionMayWaitLongerThanTheBoundBetweenRequests() throws Exception {
    try (Socket kept = connect()) {
      send(kept, LIVENESS);
      assertThat(StallingClient.read(kept).status()).isEqualTo(200);

      Thread.sleep(4_000); // idle between requests, twice the bound

      send(kept, LIVENESS);
      assertThat(StallingClient.read(kept).status()).isEqualTo(200);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    return socket;
  }

  /** What arrives until the server closes the connection (EOF or reset); a stall fails. */
  private static String untilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    try {
      for (int next = in.read(); next >= 0; next = in.read()) {
        seen.write(next);
      }
    } catch (SocketException reset) {
      // closed with a reset: as closed as EOF
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }
}
