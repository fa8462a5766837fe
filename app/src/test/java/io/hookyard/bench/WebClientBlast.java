package io.hookyard.bench;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The baseline: a bare WebClient POSTing one body N times, {@code concurrency} at a time. */
final class WebClientBlast {
  private final String url;
  private final int concurrency;

  WebClientBlast(String url, int concurrency) {
    this.url = url;
    this.concurrency = concurrency;
  }

  /** Sends {@code n} POSTs and answers the requests per second. */
  double run(int n, String body) {
    ConnectionProvider pool =
        ConnectionProvider.builder("bench-blast").maxConnections(concurrency).build();
    try {
      WebClient client =
          WebClient.builder()
              .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
              .build();
      long start = System.nanoTime();
      Flux.range(0, n)
          .flatMap(
              i ->
                  client
                      .post()
                      .uri(url)
                      .contentType(MediaType.APPLICATION_JSON)
                      .bodyValue(body)
                      .retrieve()
                      .toBodilessEntity(),
              concurrency)
          .blockLast(Duration.ofMinutes(10));
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
