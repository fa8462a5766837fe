package io.hookyard.control.outbox;

/**
 * One pending write to {@code hookyard.config}.
 *
 * @param json the record as JSON, or null for a tombstone
 */
public record OutboxRow(long seq, String key, String json) {}
