package io.hookyard.schemas.catalog;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The built-in event catalog: one JSON Schema 2020-12 file per type under {@code
 * io/hookyard/schemas/catalog/}, each carrying its description and an example in {@code examples}.
 * Loading checks that every example validates, so a broken schema fails at start-up, not at publish
 * time.
 */
public final class EventCatalog {
  private static final String FOLDER = "/io/hookyard/schemas/catalog/";
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final Map<String, EventType> types;

  private EventCatalog(Map<String, EventType> types) {
    this.types = types;
  }

  public static EventCatalog builtIn() {
    Map<String, EventType> types = new LinkedHashMap<>();
    for (String name : read("index.txt").split("\\s+")) {
      if (!name.isBlank()) {
        types.put(name, parse(name, read(name + ".json")));
      }
    }
    return new EventCatalog(Map.copyOf(types));
  }

  public Optional<EventType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  public Collection<EventType> all() {
    return types.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** Builds a type from a JSON Schema document; throws if the schema or its example is invalid. */
  public static EventType parse(String name, String schemaJson) {
    Schema schema = REGISTRY.getSchema(schemaJson, InputFormat.JSON);
    JsonNode tree = Json.mapper().readTree(schemaJson);
    JsonNode example = tree.path("examples").path(0);
    String exampleJson = example.isMissingNode() ? "{}" : Json.writeString(example);
    EventType type =
        new EventType(name, tree.path("description").asString(""), schemaJson, exampleJson, schema);
    if (!example.isMissingNode() && !type.validate(exampleJson).isEmpty()) {
      throw new IllegalArgumentException(
          "the example of " + name + " breaks its schema: " + type.validate(exampleJson));
    }
    return type;
  }

  private static String read(String file) {
    try (InputStream in = EventCatalog.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("missing catalog resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
