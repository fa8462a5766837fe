package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant: every record and every API query is scoped by one. Always {@code ten_…}. */
public record TenantId(@JsonValue String value) {
  public static final String PREFIX = "ten";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TenantId {
    Ids.require(PREFIX, value);
  }

  public static TenantId next() {
    return new TenantId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
