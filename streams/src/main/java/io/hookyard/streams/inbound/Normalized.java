package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.SourceId;

/** A catalog event on its way from the normalizer to the field mapping, with its source. */
record Normalized(SourceId source, EventEnvelope event) {}
