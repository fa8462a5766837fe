package io.hookyard.dispatch.sending;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.NameResolverProvider;

/**
 * The connections {@link WebhookSender} sends on: one pool with a limit per host, redirects not
 * followed, and every resolved address checked against the target rules.
 */
final class SenderConnections implements AutoCloseable {
  private final ConnectionProvider pool;
  private final PublicAddressResolverGroup resolver;
  private final WebClient client;

  /**
   * @param timeout the whole attempt's deadline: also how long a request may wait to connect, or
   *     for a free connection to its host
   * @param maxConnectionsPerHost at most this many open connections to one host
   * @param allowPrivate whether loopback and private addresses may be reached
   */
  SenderConnections(Duration timeout, int maxConnectionsPerHost, boolean allowPrivate) {
    this.pool =
        ConnectionProvider.builder("hookyard-dispatch")
            .maxConnections(maxConnectionsPerHost)
            // requests beyond the host's connections wait for one, within the attempt's deadline.
            // The default queue of twice the connections failed the surplus of a burst at once,
            // unsent, as request_failed: one event to 1,000 endpoints on one host lost one
            // delivery to a retry a minute later (bench/e2e.sh fan-out, 2026-12-05). The queue is
            // bounded by what dispatch holds in hand (max-buffered).
            .pendingAcquireMaxCount(-1)
            .pendingAcquireTimeout(timeout)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    // the resolver Reactor Netty would use by default (asynchronous DNS on the same event loops),
    // with every answer checked: link-local and cloud metadata addresses are refused even where
    // private targets are allowed (embedded mode)
    this.resolver =
        new PublicAddressResolverGroup(
            NameResolverProvider.builder()
                .build()
                .newNameResolverGroup(HttpResources.get(), LoopResources.DEFAULT_NATIVE),
            allowPrivate);
    HttpClient http =
        HttpClient.create(pool)
            .followRedirect(false)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .resolver(resolver);
    this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
  }

  WebClient client() {
    return client;
  }

  /** Closes idle connections and frees the pool and the resolver. */
  @Override
  public void close() {
    pool.dispose();
    resolver.close();
  }
}
