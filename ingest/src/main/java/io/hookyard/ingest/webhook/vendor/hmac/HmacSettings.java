package io.hookyard.ingest.webhook.vendor.hmac;

import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The settings of an {@code hmac} source, validated: a source that names an unknown algorithm or
 * encoding, or a template without {@code {body}}, is a configuration error
 * (IllegalArgumentException) rather than a request that fails verification.
 */
record HmacSettings(
    String header,
    String jcaAlgorithm,
    boolean base64,
    String prefix,
    String timestampHeader,
    String template,
    String idHeader) {

  static HmacSettings of(SourceSpec source) {
    String header = source.settings().get("header");
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("an hmac source needs the setting 'header'");
    }
    String algorithm =
        switch (source.setting("algorithm", "sha256").toLowerCase(Locale.ROOT)) {
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          case "sha512" -> "HmacSHA512";
          default -> throw new IllegalArgumentException("algorithm: one of sha1, sha256, sha512");
        };
    boolean base64 =
        switch (source.setting("encoding", "hex").toLowerCase(Locale.ROOT)) {
          case "hex" -> false;
          case "base64" -> true;
          default -> throw new IllegalArgumentException("encoding: one of hex, base64");
        };
    String timestampHeader = source.settings().get("timestamp_header");
    String template =
        source.setting("signed_content", timestampHeader == null ? "{body}" : "{timestamp}.{body}");
    if (template.indexOf("{body}") < 0
        || template.indexOf("{body}") != template.lastIndexOf("{body}")) {
      throw new IllegalArgumentException("signed_content must contain {body} once");
    }
    if (template.contains("{timestamp}") && timestampHeader == null) {
      throw new IllegalArgumentException("signed_content uses {timestamp}: set timestamp_header");
    }
    return new HmacSettings(
        header,
        algorithm,
        base64,
        source.setting("prefix", ""),
        timestampHeader,
        template,
        source.settings().get("id_header"));
  }

  byte[] decode(String signature) {
    return base64 ? Signatures.fromBase64(signature) : Signatures.fromHex(signature);
  }

  /** The template with the timestamp as sent and the raw body bytes in place of {@code {body}}. */
  byte[] signedContent(String timestamp, byte[] body) {
    int at = template.indexOf("{body}");
    String before = template.substring(0, at);
    String after = template.substring(at + "{body}".length());
    if (timestamp != null) {
      before = before.replace("{timestamp}", timestamp.trim());
      after = after.replace("{timestamp}", timestamp.trim());
    }
    return Signatures.concat(Signatures.utf8(before), body, Signatures.utf8(after));
  }

  /** Unix seconds, unix milliseconds (13 digits and more) or RFC 3339; null when none of these. */
  static Instant parseTimestamp(String text) {
    String value = text.trim();
    if (value.matches("\\d{1,12}")) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    if (value.matches("\\d{13,18}")) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
