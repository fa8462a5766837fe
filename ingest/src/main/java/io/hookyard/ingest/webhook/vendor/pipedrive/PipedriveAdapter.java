package io.hookyard.ingest.webhook.vendor.pipedrive;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Pipedrive webhooks (vendors.md §10, pipedrive.readme.io "Guide for webhooks (v2)"). Nothing is
 * signed; a webhook may be created with {@code http_auth_user}/{@code http_auth_password}, sent as
 * HTTP Basic. The user is the source's {@code user} setting, the password one of its secrets. Both
 * parts are compared in constant time and the answer waits for both. Pipedrive sends no event id;
 * its retries change the attempt counter, so the body cannot serve either: the dedup key is built
 * from the {@code meta} fields that name the change (webhook, object, object id, time of change).
 */
public final class PipedriveAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "pipedrive";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String authorization = request.header("authorization");
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return Rejected.MISSING_SIGNATURE;
    }
    byte[] decoded = Signatures.fromBase64(authorization.substring(6));
    String credentials = decoded == null ? "" : new String(decoded, StandardCharsets.UTF_8);
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return Rejected.BAD_CREDENTIALS;
    }
    boolean userMatches =
        Signatures.matches(utf8(source.setting("user", "")), utf8(credentials.substring(0, colon)));
    boolean passwordMatches = false;
    for (String secret : source.secrets()) {
      passwordMatches |= Signatures.matches(utf8(secret), utf8(credentials.substring(colon + 1)));
    }
    if (!(userMatches & passwordMatches)) {
      return Rejected.BAD_CREDENTIALS;
    }
    JsonNode json = JsonBodies.tree(request.body());
    if (json == null || !json.isObject()) {
      return Rejected.MALFORMED_BODY;
    }
    return Verdict.Accepted.of(
        new VendorEvent(dedupKey(json.get("meta")), eventType(json), request.body()));
  }

  /** v2: {@code meta.entity}/{@code entity_id}/{@code timestamp}; v1: {@code object}/{@code id}. */
  static String dedupKey(JsonNode meta) {
    String webhook = JsonBodies.text(meta, "webhook_id");
    boolean v2 = JsonBodies.text(meta, "entity") != null;
    String object = JsonBodies.text(meta, v2 ? "entity" : "object");
    String id = JsonBodies.text(meta, v2 ? "entity_id" : "id");
    String time = JsonBodies.text(meta, v2 ? "timestamp" : "timestamp_micro");
    if (time == null) {
      time = JsonBodies.text(meta, "timestamp");
    }
    if (webhook == null || object == null || id == null || time == null) {
      return null;
    }
    return webhook + ":" + object + ":" + id + ":" + time;
  }

  private static String eventType(JsonNode json) {
    JsonNode meta = json.get("meta");
    String entity = JsonBodies.text(meta, "entity");
    String action = JsonBodies.text(meta, "action");
    if (entity != null && action != null) {
      return entity + "." + action;
    }
    return JsonBodies.text(json, "event");
  }
}
