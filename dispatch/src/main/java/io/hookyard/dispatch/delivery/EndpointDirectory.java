package io.hookyard.dispatch.delivery;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.view.ConfigView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The part of {@link ConfigView} the dispatcher reads, so its rules can be tested without Kafka.
 */
interface EndpointDirectory {

  Optional<EndpointConfig> endpoint(EndpointId id);

  /** Completes once everything written to the configuration before the call has been read. */
  CompletableFuture<Void> catchUp(Duration timeout);

  static EndpointDirectory of(ConfigView view) {
    return new EndpointDirectory() {
      @Override
      public Optional<EndpointConfig> endpoint(EndpointId id) {
        return view.endpoint(id);
      }

      @Override
      public CompletableFuture<Void> catchUp(Duration timeout) {
        return view.catchUp(timeout);
      }
    };
  }
}
