package io.hookyard.schemas.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens secrets at rest with AES-256-GCM. The key id is the first 8 hex digits of the
 * key's SHA-256, so a stored ciphertext names the key that opens it without revealing it.
 *
 * <p>A box holds a key ring: the newest key seals, every key in the ring opens what it sealed. Keys
 * rotate by adding a new key as the sealing one, keeping the old ones as previous keys until
 * everything was {@link #reseal resealed}, then dropping them.
 */
public final class SecretBox {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;
  private final Map<String, SecretKeySpec> ring;

  /** A box with one key, which seals and opens. */
  public SecretBox(byte[] key) {
    this(key, List.of());
  }

  /**
   * A box whose {@code key} seals, and which opens what {@code key} or any of {@code previousKeys}
   * sealed.
   */
  public SecretBox(byte[] key, List<byte[]> previousKeys) {
    this.key = spec(key);
    this.keyId = keyIdOf(key);
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    keys.put(keyId, this.key);
    for (byte[] previous : previousKeys) {
      keys.putIfAbsent(keyIdOf(previous), spec(previous));
    }
    this.ring = Collections.unmodifiableMap(keys);
  }

  /** A box from a base64-encoded 32-byte key, the form {@code HOOKYARD_ENCRYPTION_KEY} takes. */
  public static SecretBox fromBase64(String key) {
    return fromBase64(key, List.of());
  }

  /** A box sealing with {@code key} and opening with it and {@code previousKeys}, all base64. */
  public static SecretBox fromBase64(String key, List<String> previousKeys) {
    List<byte[]> previous = new ArrayList<>();
    for (String each : previousKeys) {
      previous.add(decode(each));
    }
    return new SecretBox(decode(key), previous);
  }

  /** A fresh random key, base64-encoded. */
  public static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * A 256-bit key for one purpose (such as signing portal links), derived from the sealing key by
   * HMAC-SHA256 over the purpose's name: every instance sharing the encryption key derives the same
   * key, and it says nothing about the encryption key itself. Rotating the key changes it: what was
   * signed with the old one (a portal link) no longer verifies.
   */
  public byte[] derivedKey(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The id of the key that seals. */
  public String keyId() {
    return keyId;
  }

  /** The ids of every key this box opens with, the sealing one first. */
  public List<String> keyIds() {
    return List.copyOf(ring.keySet());
  }

  /** Whether {@code secret} is sealed with the key that seals now. */
  public boolean isCurrent(SealedSecret secret) {
    return keyId.equals(secret.keyId());
  }

  public SealedSecret seal(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return new SealedSecret(keyId, Base64.getEncoder().encodeToString(out));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * The plaintext of {@code secret}, opened with the key its id names.
   *
   * @throws IllegalArgumentException when no key in the ring has that id, or it does not open
   */
  public String open(SealedSecret secret) {
    SecretKeySpec opening = ring.get(secret.keyId());
    if (opening == null) {
      throw new IllegalArgumentException(
          "sealed with key "
              + secret.keyId()
              + ", which is not configured (have "
              + keyIds()
              + ")");
    }
    byte[] in = Base64.getDecoder().decode(secret.ciphertext());
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, opening, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(secret.keyId().getBytes(StandardCharsets.US_ASCII));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the secret does not open with key " + secret.keyId(), e);
    }
  }

  /**
   * {@code secret} sealed with the key that seals now: the same instance when it already is, else
   * opened with its own key and sealed anew.
   *
   * @throws IllegalArgumentException when it does not open
   */
  public SealedSecret reseal(SealedSecret secret) {
    return isCurrent(secret) ? secret : seal(open(secret));
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64.trim());
  }

  private static SecretKeySpec spec(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an encryption key must be 256 bits (32 bytes)");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }

  private static String keyIdOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
