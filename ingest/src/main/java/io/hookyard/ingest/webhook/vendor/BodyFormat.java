package io.hookyard.ingest.webhook.vendor;

import java.util.Locale;

/**
 * What a vendor's webhook bodies are, so a verified body that is not that is refused (400 {@code
 * malformed_body}) before anything is stored, instead of failing later in streams where nobody sees
 * it. A body that cannot be what the vendor sends was cut short, or was not sent by it.
 */
public enum BodyFormat {
  /**
   * One JSON value with nothing after it. An empty body passes: there is nothing cut short in it
   * (Zendesk's webhooks for GET and DELETE carry none).
   */
  JSON,

  /**
   * JSON, unless the {@code Content-Type} says the body is form-encoded or says nothing (GitHub's
   * form option, Slack's slash commands and interactivity, Twilio's form posts): any bytes decode
   * as a form.
   */
  JSON_OR_FORM,

  /** Read in full by the adapter, which refuses what it cannot parse (Salesforce's SOAP XML). */
  PARSED_BY_ADAPTER,

  /** Whatever the sender signs: the generic {@code hmac} source knows no format. */
  ANY;

  /** Whether the request's body is well-formed in this format. */
  public boolean accepts(InboundRequest request) {
    return switch (this) {
      case JSON -> wellFormedJson(request.body());
      case JSON_OR_FORM -> isFormOrUntyped(request) || wellFormedJson(request.body());
      case PARSED_BY_ADAPTER, ANY -> true;
    };
  }

  private static boolean wellFormedJson(byte[] body) {
    return body.length == 0 || JsonBodies.wellFormed(body);
  }

  private static boolean isFormOrUntyped(InboundRequest request) {
    String type = request.header("content-type");
    return type == null
        || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }
}
