package io.hookyard.ingest.poll;

import java.time.Instant;

/**
 * What a run asks for next.
 *
 * @param listAll list everything (initial load, full resync, or a silent baseline) rather than
 *     changes since {@code cursor}
 * @param cursor the position after the last finished run (a delta link, a watermark); null when the
 *     sync has none yet
 * @param pageCursor where this run's next page starts, as the previous page said; null for the
 *     first page of a run
 * @param since for an initial load, report records changed since then (null: everything)
 */
public record PageRequest(boolean listAll, String cursor, String pageCursor, Instant since) {}
