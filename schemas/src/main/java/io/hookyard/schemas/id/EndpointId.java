package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A subscriber endpoint. Always {@code ep_…}. */
public record EndpointId(@JsonValue String value) {
  public static final String PREFIX = "ep";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public EndpointId {
    Ids.require(PREFIX, value);
  }

  public static EndpointId next() {
    return new EndpointId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
