package io.hookyard.control.openapi;

import io.hookyard.schemas.json.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.core.type.TypeReference;

/**
 * Puts an example on every JSON request body and every successful JSON answer of the document.
 * Examples are written by hand in {@code openapi/examples.json}, keyed {@code "METHOD /path"}; a
 * route missing there (one added since) gets an example built from its schema, so no route goes
 * without one, and the hand-written catalog stays the place to make them meaningful.
 */
final class OpenApiExamples implements OpenApiCustomizer {
  private static final TypeReference<Map<String, Map<String, Object>>> CATALOG =
      new TypeReference<>() {};
  private static final int MAX_DEPTH = 6;

  private final Map<String, Map<String, Object>> catalog;

  OpenApiExamples(Map<String, Map<String, Object>> catalog) {
    this.catalog = Map.copyOf(catalog);
  }

  static OpenApiExamples fromClasspath() {
    try (InputStream in = OpenApiExamples.class.getResourceAsStream("/openapi/examples.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi/examples.json is missing from the classpath");
      }
      return new OpenApiExamples(Json.mapper().readValue(in.readAllBytes(), CATALOG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    Map<String, Schema<?>> components = components(api);
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            apply(
                                catalog.getOrDefault(method + " " + path, Map.of()),
                                operation,
                                components)));
  }

  private static void apply(
      Map<String, Object> entry, Operation operation, Map<String, Schema<?>> components) {
    if (operation.getRequestBody() != null) {
      example(operation.getRequestBody().getContent(), entry.get("request"), components);
    }
    if (operation.getResponses() != null) {
      operation
          .getResponses()
          .forEach(
              (status, response) -> {
                if (status.startsWith("2")) {
                  example(response.getContent(), entry.get("response"), components);
                }
              });
    }
  }

  private static void example(Content content, Object given, Map<String, Schema<?>> components) {
    if (content == null) {
      return;
    }
    content.forEach(
        (type, media) -> {
          if (type.contains("json") && media.getExample() == null) {
            media.setExample(given != null ? given : fromSchema(media.getSchema(), components, 0));
          }
        });
  }

  /** A plausible value for {@code schema}: its own example, else one built from its shape. */
  static Object fromSchema(Schema<?> schema, Map<String, Schema<?>> components, int depth) {
    if (schema == null || depth > MAX_DEPTH) {
      return null;
    }
    if (schema.get$ref() != null) {
      String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      return fromSchema(components.get(name), components, depth + 1);
    }
    if (schema.getExample() != null) {
      return schema.getExample();
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      return schema.getEnum().get(0);
    }
    String type = typeOf(schema);
    switch (type) {
      case "object" -> {
        Map<String, Object> object = new LinkedHashMap<>();
        if (schema.getProperties() != null) {
          schema
              .getProperties()
              .forEach(
                  (name, property) ->
                      object.put(name, fromSchema(property, components, depth + 1)));
        }
        return object;
      }
      case "array" -> {
        Object item = fromSchema(schema.getItems(), components, depth + 1);
        return item == null ? List.of() : List.of(item);
      }
      case "integer" -> {
        return 1;
      }
      case "number" -> {
        return 1.0;
      }
      case "boolean" -> {
        return true;
      }
      case "string" -> {
        return stringFor(schema.getFormat());
      }
      default -> {
        return null;
      }
    }
  }

  private static String typeOf(Schema<?> schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    if (schema.getTypes() != null) {
      return schema.getTypes().stream().filter(t -> !t.equals("null")).findFirst().orElse("");
    }
    return schema.getProperties() != null ? "object" : "";
  }

  private static String stringFor(String format) {
    if (format == null) {
      return "string";
    }
    return switch (format) {
      case "date-time" -> "2026-11-30T09:30:00Z";
      case "uri", "url" -> "https://example.com/";
      case "byte" -> "aGVsbG8=";
      default -> "string";
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Schema<?>> components(OpenAPI api) {
    if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
      return Map.of();
    }
    return (Map) api.getComponents().getSchemas();
  }

  /** The example of the error envelope every failure answers with. */
  static Map<String, Object> errorExample() {
    return Map.of(
        "error",
        Map.of(
            "code",
            "validation_failed",
            "message",
            "url: must be an absolute http or https URL",
            "details",
            Map.of("field", "url")));
  }
}
