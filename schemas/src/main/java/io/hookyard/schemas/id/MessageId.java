package io.hookyard.schemas.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One event as sent to one endpoint; the {@code webhook-id} a subscriber deduplicates on. Always
 * {@code msg_…}.
 */
public record MessageId(@JsonValue String value) {
  public static final String PREFIX = "msg";

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public MessageId {
    Ids.require(PREFIX, value);
  }

  public static MessageId next() {
    return new MessageId(Ids.next(PREFIX));
  }

  /**
   * The stable id of one event sent to one endpoint: the same on every retry and every replay, so a
   * subscriber can deduplicate on it.
   */
  public static MessageId of(EventId event, EndpointId endpoint) {
    return new MessageId(Ids.derived(PREFIX, event.value(), endpoint.value()));
  }

  @Override
  public String toString() {
    return value;
  }
}
