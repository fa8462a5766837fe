package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An API key's public id (the secret part is never stored). Always {@code key_…}. */
public record ApiKeyId(@JsonValue String value) {
  public static final String PREFIX = "key";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public ApiKeyId {
    Ids.require(PREFIX, value);
  }

  public static ApiKeyId next() {
    return new ApiKeyId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
