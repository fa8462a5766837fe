package io.hookyard.ingest.webhook.vendor;

import java.util.List;
import java.util.Map;

/**
 * What a vendor adapter knows about one source: its type, its secrets in plain text (several during
 * a rotation: any one may match), and its type-specific settings (for {@code hmac}: header,
 * algorithm, encoding, prefix, timestamp header, signed-content template; for {@code pipedrive}:
 * the basic-auth user; for {@code ms-graph}: the client state; …).
 */
public record SourceSpec(String type, List<String> secrets, Map<String, String> settings) {
  public SourceSpec {
    secrets = List.copyOf(secrets);
    settings = Map.copyOf(settings);
  }

  public String setting(String name, String fallback) {
    return settings.getOrDefault(name, fallback);
  }

  @Override
  public String toString() {
    return "SourceSpec["
        + type
        + ", "
        + secrets.size()
        + " secret(s), settings="
        + settings.keySet()
        + "]";
  }
}
