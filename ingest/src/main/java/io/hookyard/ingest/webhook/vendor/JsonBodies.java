package io.hookyard.ingest.webhook.vendor;

import io.hookyard.schemas.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;

/**
 * Reading vendor JSON without re-serialising it: a batch is cut into the exact bytes of each
 * element, and a signed field (Exact Online's {@code Content}) is taken as the exact bytes the
 * vendor sent, so downstream sees what the vendor signed. Malformed JSON yields null, never an
 * exception carrying the body.
 */
public final class JsonBodies {
  /**
   * For hot-path scans: buffers recycled per thread rather than through Jackson's shared concurrent
   * pool (request threads are few and long-lived), otherwise the mapper's defaults.
   */
  public static final JsonFactory STREAMING =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

  private JsonBodies() {}

  /** The parsed body, or null when it is not JSON. */
  public static JsonNode tree(byte[] body) {
    try {
      return Json.tree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A text field of a JSON object, or null when absent, not text-like, or not JSON. */
  public static String text(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }

  /**
   * A text field of a top-level JSON object, read by streaming up to it rather than building the
   * whole tree; null when absent, not text-like, or the body is not a JSON object.
   */
  public static String topLevelText(byte[] body, String field) {
    // straight from a token stream factory: no deserialization context, which costs more here
    // than the scan itself
    try (JsonParser parser = STREAMING.createParser(ObjectReadContext.empty(), body)) {
      if (!seekField(parser, field)) {
        return null;
      }
      JsonToken value = parser.nextToken();
      return value == null || value == JsonToken.VALUE_NULL || value.isStructStart()
          ? null
          : parser.getString();
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * Whether the body is one complete JSON value with nothing but whitespace after it: read as a
   * token stream to its end, within Jackson's limits on nesting and sizes, without building a tree.
   */
  public static boolean wellFormed(byte[] body) {
    try (JsonParser parser = STREAMING.createParser(ObjectReadContext.empty(), body)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (JacksonException e) {
      return false;
    }
  }

  /** The raw bytes of each element of a top-level JSON array, or null when the body is not one. */
  public static List<byte[]> arrayElements(byte[] body) {
    try (JsonParser parser = Json.mapper().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<byte[]> elements = readElements(parser, body);
      return parser.nextToken() == null ? elements : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * The raw bytes of each element of the array under {@code field} of a top-level object ({@code
   * {"value":[…]}}), or null when there is no such array.
   */
  public static List<byte[]> fieldArrayElements(byte[] body, String field) {
    try (JsonParser parser = Json.mapper().createParser(body)) {
      if (!seekField(parser, field) || parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      return readElements(parser, body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The raw bytes of the object value of {@code field} in a top-level object, or null. */
  public static byte[] fieldObject(byte[] body, String field) {
    try (JsonParser parser = Json.mapper().createParser(body)) {
      if (!seekField(parser, field) || parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int start = (int) parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      return Arrays.copyOfRange(body, start, (int) parser.currentLocation().getByteOffset());
    } catch (JacksonException e) {
      return null;
    }
  }

  private static boolean seekField(JsonParser parser, String field) {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    for (JsonToken token = parser.nextToken();
        token == JsonToken.PROPERTY_NAME;
        token = parser.nextToken()) {
      if (field.equals(parser.currentName())) {
        return true;
      }
      parser.nextToken();
      parser.skipChildren();
    }
    return false;
  }

  private static List<byte[]> readElements(JsonParser parser, byte[] body) {
    List<byte[]> elements = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null) {
        throw new IllegalStateException("unreachable: the parser reports truncated input");
      }
      int start = (int) parser.currentTokenLocation().getByteOffset();
      if (token.isStructStart()) {
        parser.skipChildren();
      } else {
        parser.getString();
      }
      elements.add(Arrays.copyOfRange(body, start, (int) parser.currentLocation().getByteOffset()));
    }
    return elements;
  }
}
