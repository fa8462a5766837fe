package io.hookyard.ingest.webhook.vendor.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Building vendor requests in tests, and signing them the way a vendor would. The signing here is
 * written from vendors.md independently of the adapters' own helpers.
 */
public final class VendorRequests {

  private VendorRequests() {}

  /** A request; {@code headers} alternate name, value. */
  public static InboundRequest post(String url, byte[] body, String... headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new InboundRequest("POST", URI.create(url), map, body);
  }

  /** A source with these secrets, in order (the type is the adapter's business, not the spec's). */
  public static SourceSpec source(String... secrets) {
    return new SourceSpec("test", List.of(secrets), Map.of());
  }

  public static SourceSpec source(Map<String, String> settings, String... secrets) {
    return new SourceSpec("test", List.of(secrets), settings);
  }

  /** A fixture under {@code src/test/resources/vendor/}, byte for byte. */
  public static byte[] fixture(String path) {
    try (InputStream in = VendorRequests.class.getResourceAsStream("/vendor/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture vendor/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The body with one byte changed. */
  public static byte[] tampered(byte[] body) {
    byte[] copy = body.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }

  public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] hmacSha256(String key, byte[] data) {
    return hmac("HmacSHA256", utf8(key), data);
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static Verdict.Accepted accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    return (Verdict.Accepted) verdict;
  }

  public static void rejected(Verdict verdict, String reason) {
    assertThat(verdict).isEqualTo(new Verdict.Rejected(reason));
  }

  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
