package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An inbound webhook source. Always {@code src_…}. */
public record SourceId(@JsonValue String value) {
  public static final String PREFIX = "src";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public SourceId {
    Ids.require(PREFIX, value);
  }

  public static SourceId next() {
    return new SourceId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
