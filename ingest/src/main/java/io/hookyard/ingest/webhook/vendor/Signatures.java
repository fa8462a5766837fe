package io.hookyard.ingest.webhook.vendor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few primitives every vendor adapter shares: HMAC and SHA digests over raw bytes, lenient
 * decoding of the signature a vendor sent (a value that does not decode simply fails to match),
 * constant-time comparison, and the 5-minute timestamp window, applied in both directions.
 */
public final class Signatures {

  /** How far a vendor's timestamp may be from our clock, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);

  private Signatures() {}

  /** HMAC with a JCA name ({@code HmacSHA256}, {@code HmacSHA1}, …) over the parts in order. */
  public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = mac(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /**
   * This thread's instance: looking up the JCA provider is dearer than the HMAC of a webhook, and
   * {@code init} with the next key resets it completely. The callers are a few event-loop threads.
   */
  private static Mac mac(String algorithm) throws GeneralSecurityException {
    Map<String, Mac> macs = MACS.get();
    Mac mac = macs.get(algorithm);
    if (mac == null) {
      mac = Mac.getInstance(algorithm);
      macs.put(algorithm, mac);
    }
    return mac;
  }

  public static byte[] hmacSha256(String key, byte[]... parts) {
    return hmac("HmacSHA256", utf8(key), parts);
  }

  /** A plain digest with a JCA name ({@code SHA-256}, …) over the parts in order. */
  public static byte[] digest(String algorithm, byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** Constant-time: the time taken does not depend on where the inputs differ. */
  public static boolean matches(byte[] expected, byte[] given) {
    return given != null && MessageDigest.isEqual(expected, given);
  }

  /** Hex in either case, or null when the text is not hex. */
  public static byte[] fromHex(String text) {
    try {
      return HEX.parseHex(text.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static String toHex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Standard base64, or null when the text is not base64. */
  public static byte[] fromBase64(String text) {
    try {
      return Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static String toBase64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** True when {@code sent} lies within {@link #TOLERANCE} of {@code now}, before or after. */
  public static boolean fresh(Instant sent, Instant now) {
    return !sent.isBefore(now.minus(TOLERANCE)) && !sent.isAfter(now.plus(TOLERANCE));
  }

  /** Unix seconds as sent in a header, or null when the text is not a number. */
  public static Instant epochSeconds(String text) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(text.trim()));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
  }
}
