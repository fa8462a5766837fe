package io.hookyard.ingest.webhook.vendor.twilio;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.BodyFormat;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Twilio (vendors.md §14: twilio-java's {@code RequestValidator} and its tests, twilio.com webhook
 * security). {@code X-Twilio-Signature} is base64(HMAC-SHA1(auth token, full URL + each form
 * parameter's name and value, sorted by name, no separators)). A JSON body is not signed itself:
 * the URL carries {@code bodySHA256=<hex SHA-256 of the raw body>}, the signature covers the URL
 * alone, and the body must hash to it. Like the SDK we also try the URL with and without the
 * default port, as Twilio's own signing is inconsistent there. No timestamp is sent; the dedup key
 * is {@code I-Twilio-Idempotency-Token} when present (not confirmed in vendors.md), else none.
 */
public final class TwilioAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "twilio";
  }

  /** Form posts, or JSON covered by {@code bodySHA256}. */
  @Override
  public BodyFormat bodyFormat() {
    return BodyFormat.JSON_OR_FORM;
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String signature = request.header("x-twilio-signature");
    if (signature == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    String bodyHash = request.queryParameter("bodySHA256");
    String params = "";
    if (bodyHash != null) {
      byte[] actual = Signatures.digest("SHA-256", request.body());
      if (!Signatures.matches(actual, Signatures.fromHex(bodyHash))) {
        return Rejected.BAD_SIGNATURE;
      }
    } else if (isForm(request)) {
      params = FormParameters.signedText(request.body());
    } else if (request.body().length > 0) {
      // a JSON body without its bodySHA256 would be covered by nothing
      return Rejected.MISSING_SIGNATURE;
    }
    byte[] given = Signatures.fromBase64(signature);
    for (String url : urlVariants(request.url())) {
      byte[] signed = utf8(url + params);
      for (String token : source.secrets()) {
        if (Signatures.matches(Signatures.hmac("HmacSHA1", utf8(token), signed), given)) {
          return Verdict.Accepted.of(
              new VendorEvent(request.header("i-twilio-idempotency-token"), null, request.body()));
        }
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static boolean isForm(InboundRequest request) {
    String type = request.header("content-type");
    return type == null
        || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** The URL as received, then with the default port added or removed. */
  static Set<String> urlVariants(URI url) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(url.toString());
    int defaultPort = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    if (url.getPort() == -1) {
      variants.add(withPort(url, defaultPort));
    } else if (url.getPort() == defaultPort) {
      variants.add(withPort(url, -1));
    }
    return variants;
  }

  private static String withPort(URI url, int port) {
    String authority = url.getHost() + (port == -1 ? "" : ":" + port);
    if (url.getRawUserInfo() != null) {
      authority = url.getRawUserInfo() + "@" + authority;
    }
    return url.getScheme()
        + "://"
        + authority
        + (url.getRawPath() == null ? "" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
  }
}
