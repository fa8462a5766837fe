package io.hookyard.ingest.webhook.vendor.hmac;

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
 * Any sender that signs with a shared-secret HMAC in one header, described by the source's settings
 * (see {@link HmacSettings}): {@code header}, {@code algorithm} sha1|sha256|sha512, {@code
 * encoding} hex|base64, {@code prefix} such as {@code sha256=}, and optionally {@code
 * timestamp_header} with a {@code signed_content} template such as {@code {timestamp}.{body}} (the
 * timestamp must then lie within 5 minutes either way) and {@code id_header} for the dedup key. The
 * key is the secret's UTF-8 bytes. Most vendors in vendors.md §0 fit this shape; this type covers
 * the ones we lack.
 */
public final class HmacAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "hmac";
  }

  /** Any sender, any body. */
  @Override
  public BodyFormat bodyFormat() {
    return BodyFormat.ANY;
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    HmacSettings settings = HmacSettings.of(source);
    String header = request.header(settings.header());
    if (header == null || !header.trim().startsWith(settings.prefix())) {
      return Rejected.MISSING_SIGNATURE;
    }
    String timestamp = null;
    if (settings.timestampHeader() != null) {
      timestamp = request.header(settings.timestampHeader());
      if (timestamp == null) {
        return Rejected.MISSING_SIGNATURE;
      }
      Instant sent = HmacSettings.parseTimestamp(timestamp);
      if (sent == null || !Signatures.fresh(sent, now)) {
        return Rejected.STALE_TIMESTAMP;
      }
    }
    byte[] given = settings.decode(header.trim().substring(settings.prefix().length()));
    byte[] signed = settings.signedContent(timestamp, request.body());
    for (String secret : source.secrets()) {
      byte[] expected = Signatures.hmac(settings.jcaAlgorithm(), Signatures.utf8(secret), signed);
      if (Signatures.matches(expected, given)) {
        String id = settings.idHeader() == null ? null : request.header(settings.idHeader());
        return Verdict.Accepted.of(new VendorEvent(id, null, request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }
}
