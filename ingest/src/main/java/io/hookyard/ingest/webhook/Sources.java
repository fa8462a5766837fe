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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/**
 * Finds a source by id in the config view — never PostgreSQL — catching the view up once before
 * calling an id unknown, and opens its secrets for the vendor adapter. Unknown, disabled,
 * switched-off and unsupported sources all look the same from outside: absent.
 *
 * <p>Opening a source's AES-GCM-sealed secrets costs more than verifying a request, so the opened
 * source is kept per source id for as long as the view holds an equal config: any change to the
 * source (a rotated secret, new settings) is a different config and is opened afresh. Plain-text
 * secrets stay in memory only here, as they would for the life of any request.
 */
final class Sources {
  private static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final ConfigView view;
  private final SecretBox secrets;
  private final VendorAdapters adapters;
  private final ConcurrentMap<SourceId, Resolved> opened = new ConcurrentHashMap<>();

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
    return config
        .filter(SourceConfig::enabled)
        .filter(this::integrationOn)
        .flatMap(c -> Mono.justOrEmpty(opened(c)));
  }

  /** A vendor the tenant switched off ({@code PATCH /api/v1/tenants/{id}}) has no sources. */
  private boolean integrationOn(SourceConfig config) {
    return view.tenant(config.tenantId())
        .map(tenant -> tenant.integrationEnabled(config.type()))
        .orElse(true);
  }

  private Optional<Resolved> opened(SourceConfig config) {
    Resolved cached = opened.get(config.id());
    if (cached != null && (cached.config() == config || cached.config().equals(config))) {
      return Optional.of(cached);
    }
    Optional<Resolved> fresh = resolve(config);
    fresh.ifPresentOrElse(r -> opened.put(config.id(), r), () -> opened.remove(config.id()));
    return fresh;
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
