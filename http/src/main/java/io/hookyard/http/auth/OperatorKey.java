package io.hookyard.http.auth;

import java.util.Objects;

/** The operator's API key. A class, not a record, so that it can never be printed by accident. */
public final class OperatorKey {
  private final String value;

  public OperatorKey(String value) {
    this.value = Objects.requireNonNull(value, "value");
    if (value.length() < 16) {
      throw new IllegalArgumentException("the operator key must have at least 16 characters");
    }
  }

  public boolean matches(String candidate) {
    return ApiKeys.same(value, candidate);
  }

  /** The key itself, for the one start-up line that shows it to the operator. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "OperatorKey[hidden]";
  }
}
