package io.hookyard.control.connection;

import io.hookyard.schemas.config.TokenRefreshRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The token refresh requests, in partition order, each with its offset commit. */
interface RefreshFeed {
  Flux<Item> requests();

  /** One request (null for an unreadable record) and the commit of its offset. */
  record Item(TokenRefreshRequest request, Mono<Void> commit) {}
}
