package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One event in the catalog sense: published once, delivered to many endpoints. Always {@code
 * evt_…}.
 */
public record EventId(@JsonValue String value) {
  public static final String PREFIX = "evt";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public EventId {
    Ids.require(PREFIX, value);
  }

  public static EventId next() {
    return new EventId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
