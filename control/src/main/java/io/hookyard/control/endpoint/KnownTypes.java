package io.hookyard.control.endpoint;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.view.ConfigView;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The event types a tenant's endpoints may name: the built-in catalog and the tenant's own types.
 * Read from the config view, which control keeps caught up with its own writes.
 */
@Component
final class KnownTypes {
  private final EventCatalog catalog;
  private final ConfigView view;

  KnownTypes(EventCatalog catalog, ConfigView view) {
    this.catalog = catalog;
    this.view = view;
  }

  Predicate<String> of(TenantId tenant) {
    return name -> catalog.find(name).isPresent() || view.eventType(tenant, name).isPresent();
  }
}
