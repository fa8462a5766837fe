package io.hookyard.schemas.sync;

/**
 * The version of one vendor record a sync last reported, on the compacted {@code
 * hookyard.syncs.records} (key {@code <sync id>/<record id>}, written to the partition of the sync
 * id so one owner reads both). A full resync compares against these and reports only records whose
 * version differs, and deletions of records it no longer finds.
 *
 * @param generation the full resync generation that last saw the record
 */
public record RecordVersion(String version, long generation) {}
