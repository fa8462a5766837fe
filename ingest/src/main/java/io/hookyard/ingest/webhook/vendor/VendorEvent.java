package io.hookyard.ingest.webhook.vendor;

import java.util.Objects;

/**
 * One vendor event out of a verified request.
 *
 * @param dedupKey the vendor's own id for this event (Stripe event id, {@code X-GitHub-Delivery},
 *     {@code X-Shopify-Webhook-Id}, HubSpot {@code eventId}, {@code webhook-id}, …), so a
 *     redelivery is recognised; null only when the vendor sends none (then the body's hash is used)
 * @param eventType the vendor's own event name when it is known ({@code invoice.paid}, {@code
 *     push}, {@code contact.creation}), else null
 * @param body the event's payload: the raw body, or this event's slice of a batch
 */
public record VendorEvent(String dedupKey, String eventType, byte[] body) {
  public VendorEvent {
    Objects.requireNonNull(body, "body");
  }
}
