package io.hookyard.control.replay;

import java.util.List;

/**
 * The body of {@code POST /api/v1/endpoints/{id}/replay}.
 *
 * @param since RFC 3339, required: the earliest publish time replayed
 * @param until RFC 3339, optional (now by default; a later time counts as now): events published
 *     before it are replayed
 * @param eventTypes optional types or patterns narrowing the endpoint's own subscription
 */
record ReplayRequest(String since, String until, List<String> eventTypes) {}
