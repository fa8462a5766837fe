package io.hookyard.ingest.poll;

import io.hookyard.schemas.config.ConnectionConfig;
import java.net.URI;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * One vendor's change tracking: how to fetch the next page of changes of an entity. A poller is
 * stateless — where it stands is the {@link PageRequest}'s cursors, which the engine commits with
 * the changes in one Kafka transaction — and states its protocol (paging, cursor field, delta
 * token, throttle headers) in one place at its top.
 */
public interface Poller {

  /** The vendor name, as connections have it. */
  String vendor();

  /** The entities a sync of this vendor may name. */
  Set<String> entities();

  /**
   * The vendor's API for this connection, unless the operator set {@code
   * hookyard.connections.vendors.<vendor>.base-url}: a public host, or the connection's own ({@code
   * org_url}) for vendors whose host differs per customer.
   */
  URI baseUrl(ConnectionConfig connection);

  /**
   * A cursor that stands for "changes after {@code from}" without listing anything, for a sync
   * created without {@code since}; empty when the vendor has no such thing (a delta link is only
   * had by listing once), and the engine then lists everything once without reporting it.
   */
  default java.util.Optional<String> cursorAt(java.time.Instant from) {
    return java.util.Optional.empty();
  }

  /**
   * Statuses other than 2xx that reach {@link #page} for the poller to judge rather than failing
   * the call: {@link VendorCalls#PASSED_THROUGH}, and for some vendors more (Graph answers an
   * expired directory delta token with 400 {@code syncStateNotFound}).
   */
  default Set<Integer> judgedStatuses() {
    return VendorCalls.PASSED_THROUGH;
  }

  /**
   * The headers that carry the connection's token on every call: {@code Authorization: Bearer …}
   * unless the vendor takes it otherwise (Pipedrive's {@code x-api-token}, Basic credentials).
   */
  default java.util.Map<String, String> authorization(ConnectionConfig connection, String token) {
    return java.util.Map.of("Authorization", "Bearer " + token);
  }

  /**
   * Fetches one page. Pagers that find the vendor's change token expired answer {@link
   * Page#expired()}; the engine then starts a full resync.
   */
  Mono<Page> page(PollContext context, PageRequest request);
}
