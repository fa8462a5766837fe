package io.hookyard.ingest.vendor;

import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Versions for vendors that track changes with delta links (Graph, Dataverse), whose records carry
 * an ETag or a modification time — or nothing, and then a hash of what the vendor sent stands in.
 */
public final class DeltaVersions {
  private DeltaVersions() {}

  /** The first of {@code fields} the record has as text, else a hash of the record. */
  public static String of(JsonNode record, String... fields) {
    for (String field : fields) {
      String value = record.path(field).asString(null);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return "sha256:" + hash(withoutAnnotations(record).toString());
  }

  /**
   * A deletion's version: the vendor gives none, so the delta link it came from stands in — the
   * same deletion read again from the same link (a retried page) keeps its version, and a record
   * deleted, restored and deleted again gets a new one.
   */
  public static String removal(String reason, String fromLink) {
    return "removed:" + reason + ":" + (fromLink == null ? "listing" : hash(fromLink));
  }

  private static JsonNode withoutAnnotations(JsonNode record) {
    if (!record.isObject()) {
      return record;
    }
    ObjectNode copy = Json.mapper().createObjectNode();
    for (var property : record.properties()) {
      if (!property.getKey().startsWith("@")) {
        copy.set(property.getKey(), property.getValue());
      }
    }
    return copy;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
