package io.hookyard.ingest.webhook;

import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorAdapters;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.view.ConfigView;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Finds a source by id in the config view — never PostgreSQL — catching the view up once before
 * calling an id unknown, and opens its secrets for the vendor adapter. Unknown, disabled and
 * unsupported sources all look the same from outside: absent.
 */
final class Sources {
  private static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final ConfigView view;
  private final SecretBox secrets;
  private final VendorAdapters adapters;

  Sources(ConfigView view, SecretBox secrets, VendorAdapters adapters) {
    this.view = view;
    this.secrets = secrets;
    this.adapters = adapters;
  }

  /** A source ready to verify requests. */
  record Resolved(SourceConfig config, SourceSpec spec, VendorAdapter adapter) {}

  Mono<Resolved> find(String id) {
    if (!Ids.isValid(SourceId.PREFIX, id)) {
      return Mono.empty();
    }
    SourceId sourceId = new SourceId(id);
    Optional<SourceConfig> known = view.source(sourceId);
    Mono<SourceConfig> config =
        known.isPresent()
            ? Mono.just(known.get())
            : Mono.fromFuture(() -> view.catchUp(CATCH_UP))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.fromSupplier(() -> view.source(sourceId)))
                .flatMap(Mono::justOrEmpty);
    return config.filter(SourceConfig::enabled).flatMap(c -> Mono.justOrEmpty(resolve(c)));
  }

  private Optional<Resolved> resolve(SourceConfig config) {
    return adapters
        .forType(config.type())
        .map(
            adapter ->
                new Resolved(
                    config,
                    new SourceSpec(
                        config.type(),
                        config.secrets().stream().map(secrets::open).toList(),
                        config.settings()),
                    adapter));
  }
}
