package io.hookyard.schemas.catalog;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.DialectId;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** For tenants' schemas: never fetches a remote {@code $ref} (that would be an SSRF door). */
  private static final SchemaRegistry TENANT_REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private static final Schema META_SCHEMA =
      TENANT_REGISTRY.getSchema(SchemaLocation.of(DialectId.DRAFT_2020_12));

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

  /**
   * Checks that {@code schemaJson} is a JSON Schema 2020-12 document describing an object (event
   * data is always one). Each violation names its place under {@code schema}.
   */
  public static List<EventType.Violation> checkSchema(String schemaJson) {
    JsonNode tree = Json.mapper().readTree(schemaJson);
    if (!tree.isObject()) {
      return List.of(new EventType.Violation("schema", "must be a JSON Schema object"));
    }
    List<EventType.Violation> violations =
        EventType.violations(META_SCHEMA.validate(schemaJson, InputFormat.JSON), "schema");
    if (!violations.isEmpty()) {
      return violations;
    }
    JsonNode type = tree.path("type");
    if (!type.isMissingNode() && !"object".equals(type.asString(""))) {
      return List.of(new EventType.Violation("schema.type", "event data is an object"));
    }
    return List.of();
  }

  /**
   * A tenant's own type. Throws {@link IllegalArgumentException} if the schema does not load or its
   * example ({@code examples[0]}, optional) breaks it; call {@link #checkSchema} first for a
   * field-by-field answer.
   */
  public static EventType tenantType(String name, String description, String schemaJson) {
    Schema schema = TENANT_REGISTRY.getSchema(schemaJson, InputFormat.JSON);
    JsonNode example = Json.mapper().readTree(schemaJson).path("examples").path(0);
    String exampleJson = example.isMissingNode() ? null : Json.writeString(example);
    EventType type = new EventType(name, description, schemaJson, exampleJson, schema);
    if (exampleJson != null && !type.validate(exampleJson).isEmpty()) {
      throw new IllegalArgumentException("the example breaks the schema");
    }
    schema.initializeValidators();
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
