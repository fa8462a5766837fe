package io.hookyard.schemas.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;

/**
 * Makes and checks Hookyard's prefixed identifiers ({@code ep_…}, {@code evt_…}).
 *
 * <p>The part after the prefix is 26 Crockford base32 characters: 48 bits of milliseconds then 80
 * random bits (the ULID layout). Ids therefore sort by creation time, which cursor pagination
 * relies on, and two ids made in the same millisecond still differ.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final int BODY_LENGTH = 26;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new id with the given prefix, for example {@code next("ep")} gives {@code ep_01j…}. */
  public static String next(String prefix) {
    return prefix + "_" + body(Clock.systemUTC().millis(), randomBytes(10));
  }

  /** A deterministic id: the same parts always give the same id. */
  public static String derived(String prefix, String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] digest = sha.digest();
      long millis = 0;
      for (int i = 0; i < 6; i++) {
        millis = (millis << 8) | (digest[i] & 0xff);
      }
      return prefix + "_" + body(millis, Arrays.copyOfRange(digest, 6, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Throws unless {@code value} is {@code prefix_} followed by a well-formed body. */
  public static String require(String prefix, String value) {
    if (!isValid(prefix, value)) {
      throw new IllegalArgumentException("not a valid " + prefix + "_ id: " + value);
    }
    return value;
  }

  public static boolean isValid(String prefix, String value) {
    if (value == null || !value.startsWith(prefix + "_")) {
      return false;
    }
    String body = value.substring(prefix.length() + 1);
    if (body.isEmpty() || body.length() > 64) {
      return false;
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }

  static String body(long millis, byte[] random) {
    char[] out = new char[BODY_LENGTH];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (random[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
