package io.hookyard.ingest.webhook.vendor.dynamics365;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Dynamics 365 / Dataverse webhooks (vendors.md §8, powerapps-docs "Use webhooks" and "Register a
 * webhook"). Nothing is signed: the registration carries a shared secret the endpoint must check.
 * With the setting {@code header} (auth type HttpHeader) that header must hold one of the source's
 * secrets; otherwise the query parameter named by {@code query_param} must, default {@code code}
 * (auth type WebhookKey, {@code ?code=…}; HttpQueryString with a name of your choosing). The body
 * is a RemoteExecutionContext: its {@code OperationId} is the dedup key, {@code MessageName} the
 * type.
 */
public final class Dynamics365Adapter implements VendorAdapter {

  @Override
  public String type() {
    return "dynamics365";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String header = source.settings().get("header");
    String given =
        header != null
            ? request.header(header)
            : request.queryParameter(source.setting("query_param", "code"));
    if (given == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    boolean match = false;
    for (String secret : source.secrets()) {
      match |= Signatures.matches(utf8(secret), utf8(given));
    }
    if (!match) {
      return Rejected.BAD_CREDENTIALS;
    }
    JsonNode context = JsonBodies.tree(request.body());
    if (context == null || !context.isObject()) {
      return Rejected.MALFORMED_BODY;
    }
    return Verdict.Accepted.of(
        new VendorEvent(
            JsonBodies.text(context, "OperationId"),
            JsonBodies.text(context, "MessageName"),
            request.body()));
  }
}
