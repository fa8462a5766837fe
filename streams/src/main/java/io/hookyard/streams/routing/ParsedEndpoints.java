package io.hookyard.streams.routing;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.json.Json;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One router's parsed copies of the endpoint store's entries. The store holds each endpoint's
 * config record as its bytes on {@code hookyard.config}; parsing them again for every event cost a
 * third of routing's time, so a parse is kept until the entry's bytes change. Not thread-safe: one
 * per {@link Router}, which Kafka Streams runs on one thread.
 */
final class ParsedEndpoints {
  private static final int MAX_KEPT = 100_000;

  private record Parsed(byte[] bytes, EndpointConfig endpoint) {}

  private final Map<String, Parsed> parsed = new HashMap<>();

  /**
   * The endpoint that {@code bytes}, stored under {@code key}, hold; null when they hold another
   * kind of config record or do not read as one (the store is loaded from the topic as it is).
   */
  EndpointConfig endpoint(String key, byte[] bytes) {
    Parsed known = parsed.get(key);
    if (known != null && Arrays.equals(known.bytes(), bytes)) {
      return known.endpoint();
    }
    EndpointConfig endpoint = parse(bytes);
    if (parsed.size() >= MAX_KEPT) {
      parsed.clear();
    }
    parsed.put(key, new Parsed(bytes, endpoint));
    return endpoint;
  }

  /** The endpoint in one config record's bytes, or null when they hold something else. */
  static EndpointConfig parse(byte[] bytes) {
    try {
      return Json.read(bytes, ConfigRecord.class) instanceof EndpointConfig endpoint
          ? endpoint
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
