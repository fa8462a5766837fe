package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A connection to a vendor API. Always {@code con_…}. */
public record ConnectionId(@JsonValue String value) {
  public static final String PREFIX = "con";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public ConnectionId {
    Ids.require(PREFIX, value);
  }

  public static ConnectionId next() {
    return new ConnectionId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
