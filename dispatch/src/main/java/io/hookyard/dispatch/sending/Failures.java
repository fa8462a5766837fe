package io.hookyard.dispatch.sending;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns why a request got no answer into the short error code the attempt log shows. Matched on
 * exception types along the cause chain, never on message text, which differs between transports
 * and may carry the endpoint's address.
 */
final class Failures {
  private static final int MAX_DEPTH = 10;

  private Failures() {}

  static String codeOf(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      String code = directCode(t);
      if (code != null) {
        return code;
      }
    }
    return "request_failed";
  }

  private static String directCode(Throwable t) {
    if (t instanceof BlockedAddressException) { // an IOException, so tested before those
      return "blocked_address";
    }
    if (t instanceof TimeoutException) {
      return "timeout";
    }
    if (t instanceof ConnectTimeoutException) { // a ConnectException, so tested first
      return "connect_timeout";
    }
    if (t instanceof ConnectException) {
      return "connection_refused";
    }
    if (t instanceof UnknownHostException) {
      return "dns_error";
    }
    if (t instanceof SSLException) {
      return "tls_error";
    }
    if (t instanceof PrematureCloseException) {
      return "connection_closed";
    }
    if (t instanceof IOException) {
      return "connection_error";
    }
    if (t instanceof IllegalArgumentException) {
      return "invalid_request"; // for example a header value the codec refuses
    }
    return null;
  }
}
