package io.hookyard.streams.routing;

/**
 * An endpoint's filter or transform failed on an event: the event still reaches every other
 * endpoint, and this record goes to {@code hookyard.streams.dead} so the tenant's expression can be
 * fixed and the event replayed. Carries no payload.
 */
record RoutingFailure(
    String eventId, String tenantId, String endpointId, String stage, String error) {}
