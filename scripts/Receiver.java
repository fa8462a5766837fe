import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny webhook receiver for trying Hookyard out: prints each request's webhook headers (or, for
 * a vendor destination's call, its Authorization header) and body and answers 200. Run it with the JDK alone: {@code java scripts/Receiver.java 9000}.
 */
public class Receiver {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", exchange -> {
      var headers = exchange.getRequestHeaders();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String authorization = headers.getFirst("Authorization");
      System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI()
          + (authorization == null
              ? "\n  webhook-id: " + headers.getFirst("webhook-id")
                  + "\n  webhook-timestamp: " + headers.getFirst("webhook-timestamp")
                  + "\n  webhook-signature: " + headers.getFirst("webhook-signature")
              : "\n  Authorization: " + authorization)
          + "\n  " + body + "\n");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    System.out.println("listening on http://127.0.0.1:" + port + "/");
  }
}
