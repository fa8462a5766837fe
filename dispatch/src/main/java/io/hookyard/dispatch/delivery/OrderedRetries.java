package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedHeads;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.delivery.OrderedHead;
import io.hookyard.schemas.id.EndpointId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The try counts of ordered endpoints' heads in one run of the dispatcher, kept on {@link
 * OrderedHeads} so they survive it: an ordered lane retries its head in place without acknowledging
 * it, so a restart reads the head again as it was first written (attempt 1). Read when the run
 * starts; a head that shows up with the stored {@code webhook-id} goes on at the stored try and due
 * time.
 */
final class OrderedRetries {
  private final OrderedHeads store;
  private final Map<EndpointId, OrderedHead> heads;

  OrderedRetries(OrderedHeads store, Map<EndpointId, OrderedHead> loaded) {
    this.store = store;
    this.heads = new ConcurrentHashMap<>(loaded);
  }

  /** Reads what is stored. */
  static Mono<OrderedRetries> load(OrderedHeads store) {
    return store.load().map(loaded -> new OrderedRetries(store, loaded));
  }

  /** {@code delivery} as its stored head says it stands (a later try, due later), or as it is. */
  Delivery resume(Delivery delivery) {
    OrderedHead head = heads.get(delivery.endpointId());
    return head == null ? delivery : head.resume(delivery);
  }

  /** Stores the next try of a head that failed, before its attempt is recorded. */
  Mono<Void> retrying(Delivery retry) {
    OrderedHead head = OrderedHead.of(retry);
    return store
        .put(retry.endpointId(), head)
        .doOnSuccess(v -> heads.put(retry.endpointId(), head));
  }

  /**
   * Clears the stored head once {@code delivery} succeeded or was dead-lettered, before it is
   * acknowledged; nothing to do when it never failed (nor is stored).
   */
  Mono<Void> settled(Delivery delivery) {
    EndpointId id = delivery.endpointId();
    if (delivery.attempt() == 1 && !heads.containsKey(id)) {
      return Mono.empty();
    }
    return store.put(id, null).doOnSuccess(v -> heads.remove(id));
  }

  /**
   * Clears the stored head of an endpoint whose delivery did not reach a lane (deleted or
   * disabled), so a later replay of its dead letter starts a fresh schedule; nothing to do when
   * nothing is stored.
   */
  Mono<Void> forget(EndpointId id) {
    if (!heads.containsKey(id)) {
      return Mono.empty();
    }
    return store.put(id, null).doOnSuccess(v -> heads.remove(id));
  }
}
