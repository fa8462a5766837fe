package io.hookyard.schemas.routing;

import io.hookyard.schemas.expression.JsonataExpression;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled filter and transform expressions, kept per router (JSONata instances are not shared
 * across threads: one per stream task, one per replay read) and bounded, so each expression is
 * compiled once rather than per event.
 */
final class Expressions {
  private static final int MAX = 10_000;

  private final Map<String, JsonataExpression> compiled =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonataExpression> eldest) {
          return size() > MAX;
        }
      };

  JsonataExpression get(String source) {
    return compiled.computeIfAbsent(source, JsonataExpression::compile);
  }
}
