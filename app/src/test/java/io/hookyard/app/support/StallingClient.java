package io.hookyard.app.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand on a raw socket, for what no well-behaved client does: declare a {@code
 * Content-Length}, send part of the body, and stall; then read whatever the server answers.
 */
public final class StallingClient {
  private final int port;

  public StallingClient(RunningHookyard hookyard) {
    this.port = Integer.parseInt(hookyard.property("local.server.port"));
  }

  /** An HTTP answer: status, lower-case header names, the body as text. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  /** A POST on its own connection that declares {@code declared} bytes and sends {@code sent}. */
  public Socket stall(String path, int declared, byte[] sent) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(120_000);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + declared
            + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().write(sent);
    socket.getOutputStream().flush();
    return socket;
  }

  /** The answer to a POST that sends {@code sent} of the {@code declared} bytes and waits. */
  public Answer answer(String path, int declared, byte[] sent) throws IOException {
    try (Socket socket = stall(path, declared, sent)) {
      return read(socket);
    }
  }

  /** One answer read off the socket: status line, headers, a {@code Content-Length} body. */
  public static Answer read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("closed before an answer: " + head);
      }
      head.write(next);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new Answer(
        Integer.parseInt(lines[0].split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }
}
