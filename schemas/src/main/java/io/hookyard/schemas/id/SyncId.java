package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A change-tracking poll of one entity over one connection. Always {@code syn_…}. */
public record SyncId(@JsonValue String value) {
  public static final String PREFIX = "syn";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public SyncId {
    Ids.require(PREFIX, value);
  }

  public static SyncId next() {
    return new SyncId(Ids.next(PREFIX));
  }

  @Override
  public String toString() {
    return value;
  }
}
