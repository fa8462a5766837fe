package io.hookyard.ingest.webhook;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.BiConsumer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A reactor-netty request as a vendor adapter sees it: netty's own header map behind a thin view
 * (no copy), and the full URL built the way Spring's {@code ReactorUriHelper} builds it — scheme,
 * host and port as the client called them (the server's forwarded-header setting applies), then the
 * forwarded prefix, path and query — since HubSpot v3 and Twilio sign that URL.
 */
final class NettyRequests {

  private NettyRequests() {}

  /** The URL is built only if the adapter asks (HubSpot, Twilio, query parameters). */
  static InboundRequest inbound(HttpServerRequest request, byte[] body) {
    return new InboundRequest(
        request.method().name(),
        () -> {
          try {
            return url(request);
          } catch (URISyntaxException | IllegalArgumentException e) {
            throw new InboundRequest.UnreadableUrlException("the request URL is not valid");
          }
        },
        new Headers(request.requestHeaders()),
        body);
  }

  static URI url(HttpServerRequest request) throws URISyntaxException {
    StringBuilder url = new StringBuilder(160).append(request.scheme()).append("://");
    String host = request.hostName();
    boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
    url.append(ipv6 ? "[" : "").append(host).append(ipv6 ? "]" : "");
    int port = request.hostPort();
    boolean defaultPort =
        ("http".equals(request.scheme()) && port == 80)
            || ("https".equals(request.scheme()) && port == 443);
    if (!defaultPort && port > 0) {
      url.append(':').append(port);
    }
    String prefix = request.forwardedPrefix();
    if (prefix != null) {
      url.append(prefix);
    }
    String uri = request.uri();
    if (uri.startsWith("/")) {
      url.append(uri);
    } else {
      // absolute-form request target (a proxy's): its path and query
      URI absolute = new URI(uri);
      url.append(absolute.getRawPath());
      if (absolute.getRawQuery() != null) {
        url.append('?').append(absolute.getRawQuery());
      }
    }
    return new URI(url.toString());
  }

  private record Headers(HttpHeaders netty) implements InboundRequest.Headers {
    @Override
    public String first(String name) {
      return netty.get(name);
    }

    @Override
    public void forEach(BiConsumer<String, String> line) {
      for (Map.Entry<String, String> header : netty) {
        line.accept(header.getKey(), header.getValue());
      }
    }
  }
}
