package io.hookyard.control.source;

import io.hookyard.schemas.config.SourceConfig;
import java.time.Instant;
import java.util.Map;

/** A source as the API shows it: where the vendor should send, never the secret. */
record SourceView(
    String id,
    String type,
    String name,
    String ingestUrl,
    Map<String, String> settings,
    boolean enabled,
    int secrets,
    Instant createdAt) {

  static SourceView of(SourceConfig config, String name, Instant createdAt) {
    return new SourceView(
        config.id().value(),
        config.type(),
        name,
        "/in/" + config.id().value(),
        config.settings(),
        config.enabled(),
        config.secrets().size(),
        createdAt);
  }
}
