package io.hookyard.ingest.webhook.vendor;

import io.hookyard.ingest.webhook.vendor.standardwebhooks.StandardWebhooksAdapter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every vendor adapter, by source type. */
public final class VendorAdapters {
  private static final Map<String, VendorAdapter> BY_TYPE =
      List.<VendorAdapter>of(new StandardWebhooksAdapter()).stream()
          .collect(Collectors.toUnmodifiableMap(VendorAdapter::type, Function.identity()));

  private VendorAdapters() {}

  public static Optional<VendorAdapter> find(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }
}
