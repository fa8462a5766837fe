package io.hookyard.schemas.delivery;

import java.util.Map;
import java.util.Objects;

/**
 * Where an ordered endpoint stands with its backlog, on {@code hookyard.deliveries.ordered.cursors}
 * keyed by endpoint id (compacted). An ordered endpoint that holds too many deliveries moves them,
 * in order, to {@code hookyard.deliveries.ordered.backlog} (same key) and is fed from there; this
 * record is written before the first of them is appended, so a restart knows to go on feeding it
 * from the backlog.
 *
 * @param overflow whether the endpoint is fed from its backlog
 * @param cursor the offset, in the endpoint's backlog partition, from which its deliveries are not
 *     all settled yet (a restart reads the backlog again from here; a few settled ones may be sent
 *     again, under their own {@code webhook-id})
 * @param appended per partition of {@code hookyard.deliveries}, the highest offset of this
 *     endpoint's deliveries known to be in the backlog: a restart acknowledges those without
 *     appending them again, which would put them behind newer ones
 */
public record BacklogCursor(boolean overflow, long cursor, Map<Integer, Long> appended) {
  public BacklogCursor {
    if (cursor < 0) {
      throw new IllegalArgumentException("a backlog cursor is an offset");
    }
    appended = Map.copyOf(Objects.requireNonNullElse(appended, Map.of()));
  }
}
