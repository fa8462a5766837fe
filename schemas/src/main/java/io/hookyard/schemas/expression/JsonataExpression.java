package io.hookyard.schemas.expression;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Timebox;
import io.hookyard.schemas.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled JSONata expression: endpoint filters and transforms, tenant field mappings. Each run
 * is time-boxed and depth-limited, so a tenant's expression cannot stall a stream thread. An
 * instance is not shared between threads (compile one per processor; compiling is cheap).
 */
public final class JsonataExpression {
  private static final long TIMEOUT_MS = 1_000;
  private static final int MAX_DEPTH = 200;

  private final String source;
  private final Jsonata compiled;

  private JsonataExpression(String source, Jsonata compiled) {
    this.source = source;
    this.compiled = compiled;
  }

  /** Compiles {@code source}; throws {@link ExpressionException} with the parser's message. */
  public static JsonataExpression compile(String source) {
    Objects.requireNonNull(source, "source");
    if (source.isBlank() || source.length() > 10_000) {
      throw new ExpressionException("an expression is 1 to 10000 characters");
    }
    try {
      return new JsonataExpression(source, Jsonata.jsonata(source));
    } catch (JException | IllegalArgumentException e) {
      throw new ExpressionException(e.getMessage());
    }
  }

  /** Why {@code source} does not compile, or empty when it does. */
  public static Optional<String> problem(String source) {
    try {
      compile(source);
      return Optional.empty();
    } catch (ExpressionException e) {
      return Optional.of(e.getMessage());
    }
  }

  public String source() {
    return source;
  }

  /** Evaluates against a JSON document; empty when the expression yields nothing. */
  public Optional<byte[]> apply(byte[] json) {
    Object result = run(json);
    return result == null ? Optional.empty() : Optional.of(Json.write(plain(result)));
  }

  /** Evaluates against a JSON document as a condition: JSONata's own truthiness. */
  public boolean test(byte[] json) {
    return Jsonata.boolize(run(json));
  }

  private Object run(byte[] json) {
    Object input = Json.mapper().readValue(json, Object.class);
    try {
      var frame = compiled.createFrame();
      new Timebox(frame, TIMEOUT_MS, MAX_DEPTH);
      return compiled.evaluate(input, frame);
    } catch (JException e) {
      throw new ExpressionException(e.getMessage());
    } catch (RuntimeException e) {
      // The library's own failures (a number that is not one, …) quote the data: keep the kind
      // only.
      throw new ExpressionException("the expression failed: " + e.getClass().getSimpleName());
    }
  }

  /** JSONata's results with its own null marker turned into plain Java values Jackson writes. */
  private static Object plain(Object value) {
    if (value == Jsonata.NULL_VALUE) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  /** An expression that does not compile or failed while running; the message never holds data. */
  public static final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExpressionException(String message) {
      super(message == null ? "the expression failed" : message);
    }
  }
}
