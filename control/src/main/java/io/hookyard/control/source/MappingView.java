package io.hookyard.control.source;

import java.time.Instant;

/** A source's field mapping as the API shows it. */
record MappingView(String sourceId, String expression, Instant updatedAt) {}
