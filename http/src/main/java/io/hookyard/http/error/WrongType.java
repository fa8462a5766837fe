package io.hookyard.http.error;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Valid JSON whose field has the wrong type ({@code "rate_limit_per_minute": "x"}, {@code
 * "event_types": "invoice.paid"}) as the contract's 422 naming the field, instead of the 400 a body
 * that is no JSON at all gets. The field is the path Jackson was binding when it failed, in the
 * API's own names ({@code filter.rules[2].value}).
 */
final class WrongType {
  private WrongType() {}

  /** The 422 for a binding failure at a named field, or null when it is not one. */
  static ApiException of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MismatchedInputException mismatch) {
        String field = path(mismatch.getPath());
        return field.isEmpty()
            ? null
            : ApiException.invalidField(field, "must be " + expected(mismatch.getTargetType()));
      }
    }
    return null;
  }

  private static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }
}
