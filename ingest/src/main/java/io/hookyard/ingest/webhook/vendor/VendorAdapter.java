package io.hookyard.ingest.webhook.vendor;

import java.time.Instant;

/**
 * How one vendor signs, handshakes and identifies its webhooks. One small class per vendor; each
 * compares signatures in constant time, accepts any of the source's secrets (rotation), and checks
 * timestamps against {@code now} with a 5-minute tolerance where the vendor sends one. Adapters are
 * pure: no I/O, no logging of bodies or secrets.
 */
public interface VendorAdapter {

  /** The source type this adapter serves, as in {@code POST /api/v1/sources}: {@code stripe}, … */
  String type();

  Verdict verify(InboundRequest request, SourceSpec source, Instant now);

  /** What this vendor's bodies are; a verified body that is not that is refused, not stored. */
  default BodyFormat bodyFormat() {
    return BodyFormat.JSON;
  }
}
