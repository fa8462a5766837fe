package io.hookyard.dispatch.delivery;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Finds the endpoint a delivery is for. A delivery can outrun the configuration it was routed with
 * (streams and dispatch read the config topic independently), so an unknown endpoint is looked up
 * once more after the view has caught up; only then is it taken as deleted. An endpoint of another
 * tenant than the delivery's counts as unknown.
 *
 * <p>When the view cannot catch up in time the result is an error, not "deleted": the dispatcher
 * then restarts from the last commit instead of dropping deliveries it cannot judge.
 */
final class EndpointResolver {
  private final EndpointDirectory directory;
  private final Duration catchUpTimeout;

  EndpointResolver(EndpointDirectory directory, Duration catchUpTimeout) {
    this.directory = directory;
    this.catchUpTimeout = catchUpTimeout;
  }

  Mono<Optional<EndpointConfig>> resolve(EndpointId id, TenantId tenant) {
    return Mono.defer(
        () -> {
          Optional<EndpointConfig> known = find(id, tenant);
          if (known.isPresent()) {
            return Mono.just(known);
          }
          return Mono.fromFuture(() -> directory.catchUp(catchUpTimeout))
              .onErrorMap(ConfigUnavailableException::new)
              .then(Mono.fromSupplier(() -> find(id, tenant)));
        });
  }

  private Optional<EndpointConfig> find(EndpointId id, TenantId tenant) {
    return directory.endpoint(id).filter(e -> e.tenantId().equals(tenant));
  }

  /** The configuration view did not catch up; whether the endpoint exists is not known. */
  static final class ConfigUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigUnavailableException(Throwable cause) {
      super("the configuration view did not catch up", cause);
    }
  }
}
