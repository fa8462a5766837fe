package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/** Makes each run's {@link VendorCalls}: one shared HTTP client, the connection's budget. */
final class VendorCallsFactory {
  private final WebClient http;
  private final VendorUrls urls;
  private final ConnectionTokens tokens;
  private final ConnectionBudgets budgets;
  private final SyncSettings settings;
  private final Scheduler timer;

  VendorCallsFactory(
      VendorUrls urls,
      ConnectionTokens tokens,
      ConnectionBudgets budgets,
      SyncSettings settings,
      Scheduler timer) {
    this.urls = urls;
    this.tokens = tokens;
    this.budgets = budgets;
    this.settings = settings;
    this.timer = timer;
    HttpClient client =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .responseTimeout(urls.timeout());
    this.http =
        WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(client))
            .codecs(c -> c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
            .build();
  }

  VendorCalls create(ConnectionConfig connection, Poller poller, RunCounters counters) {
    return new HttpVendorCalls(
        http,
        urls.baseUrl(connection.vendor(), poller.baseUrl(connection)),
        connection,
        tokens,
        budgets.budget(connection),
        settings,
        urls.timeout(),
        counters,
        timer,
        poller.judgedStatuses(),
        token -> poller.authorization(connection, token));
  }
}
