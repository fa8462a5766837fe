package io.hookyard.schemas.catalog;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;
import io.hookyard.schemas.event.EventTypes;
import java.util.List;
import java.util.Objects;

/**
 * One type in the event catalog: its name, what it means, the JSON Schema (2020-12) its {@code
 * data} must satisfy, and an example that does.
 */
public final class EventType {
  private final String name;
  private final String description;
  private final String schemaJson;
  private final String exampleJson;
  private final Schema schema;

  EventType(String name, String description, String schemaJson, String exampleJson, Schema schema) {
    if (!EventTypes.isName(name)) {
      throw new IllegalArgumentException("not an event type name: " + name);
    }
    this.name = name;
    this.description = Objects.requireNonNullElse(description, "");
    this.schemaJson = schemaJson;
    this.exampleJson = exampleJson;
    this.schema = schema;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public String schemaJson() {
    return schemaJson;
  }

  public String exampleJson() {
    return exampleJson;
  }

  /**
   * Checks {@code dataJson} against the schema. Each violation names the failing field as a path
   * under {@code data}, for example {@code data.amount}.
   */
  public List<Violation> validate(String dataJson) {
    return violations(schema.validate(dataJson, InputFormat.JSON), "data");
  }

  static List<Violation> violations(List<Error> errors, String root) {
    return errors.stream().map(e -> violation(e, root)).toList();
  }

  private static Violation violation(Error error, String root) {
    NodePath path = error.getInstanceLocation();
    StringBuilder field = new StringBuilder(root);
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      field.append('.').append(error.getProperty());
    }
    return new Violation(field.toString(), error.getMessage());
  }

  /** One way the data breaks the schema. */
  public record Violation(String field, String message) {}
}
