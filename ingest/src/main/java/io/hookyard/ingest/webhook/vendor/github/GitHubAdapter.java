package io.hookyard.ingest.webhook.vendor.github;

import io.hookyard.ingest.webhook.vendor.BodyFormat;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;

/**
 * GitHub (vendors.md §3, docs.github.com "Validating webhook deliveries"). {@code
 * X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}; the legacy {@code
 * X-Hub-Signature: sha1=<hex>} is checked only when the SHA-256 header is absent (GitHub sends both
 * when it sends any). Nothing is timestamped, so there is no replay window; the delivery GUID
 * {@code X-GitHub-Delivery} is the dedup key and {@code X-GitHub-Event} the event type.
 */
public final class GitHubAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "github";
  }

  /**
   * GitHub sends {@code application/x-www-form-urlencoded} ({@code payload=…}) when the hook is set
   * so.
   */
  @Override
  public BodyFormat bodyFormat() {
    return BodyFormat.JSON_OR_FORM;
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String sha256 = request.header("x-hub-signature-256");
    String sha1 = request.header("x-hub-signature");
    String algorithm;
    byte[] given;
    if (sha256 != null && sha256.startsWith("sha256=")) {
      algorithm = "HmacSHA256";
      given = Signatures.fromHex(sha256.substring("sha256=".length()));
    } else if (sha256 == null && sha1 != null && sha1.startsWith("sha1=")) {
      algorithm = "HmacSHA1";
      given = Signatures.fromHex(sha1.substring("sha1=".length()));
    } else {
      return Rejected.MISSING_SIGNATURE;
    }
    for (String secret : source.secrets()) {
      byte[] expected = Signatures.hmac(algorithm, Signatures.utf8(secret), request.body());
      if (Signatures.matches(expected, given)) {
        return Verdict.Accepted.of(
            new VendorEvent(
                request.header("x-github-delivery"),
                request.header("x-github-event"),
                request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }
}
