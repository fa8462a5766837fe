package io.hookyard.control.source;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.expression.JsonataExpression;

/** The body of {@code PUT /api/v1/sources/{id}/mapping}: one JSONata expression. */
record MappingRequest(String expression) {

  /** The expression, once it compiles; else 422 naming {@code expression}. */
  String checkedExpression() {
    if (expression == null || expression.isBlank()) {
      throw ApiException.invalidField("expression", "is required");
    }
    JsonataExpression.problem(expression)
        .ifPresent(
            problem -> {
              throw ApiException.invalidField(
                  "expression", "is not a valid JSONata expression: " + problem);
            });
    return expression;
  }
}
