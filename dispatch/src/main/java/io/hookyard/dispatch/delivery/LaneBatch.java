package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A lane's batches: several waiting deliveries of a batching vendor destination (unordered only)
 * sent in one request, which takes one rate permit and one circuit permission; each delivery is
 * then settled, recorded (one attempt each) and acknowledged on its own. Without the permission
 * (the circuit is open) they are parked, like single deliveries.
 */
final class LaneBatch {
  private final Lane lane;
  private final Lanes lanes;
  private final LaneGate gate;
  private final GuardedSend sender;

  LaneBatch(Lane lane, Lanes lanes, LaneGate gate, GuardedSend sender) {
    this.lane = lane;
    this.lanes = lanes;
    this.gate = gate;
    this.sender = sender;
  }

  void start(List<Lane.Pending> batch) {
    EndpointConfig target = lane.endpoint();
    Runnable freeSlot = lane.slot();
    List<Delivery> deliveries = batch.stream().map(p -> p.received().delivery()).toList();
    Mono<Optional<List<DeliveryHandler.Handled>>> sent =
        gate.rateWait(target)
            .then(gate.permit())
            .flatMap(
                go -> {
                  if (!go) {
                    return Mono.just(Optional.<List<DeliveryHandler.Handled>>empty());
                  }
                  batch.forEach(
                      p -> {
                        lanes.metrics.started(p.accepted());
                        p.progress().at("sending a batch");
                      });
                  return sender.sendAll(deliveries, target).map(Optional::of);
                })
            .doFinally(s -> freeSlot.run())
            .cache();
    for (int i = 0; i < batch.size(); i++) {
      int index = i;
      Lane.Pending p = batch.get(i);
      DeliverySource.Received received = p.received();
      lanes.track(
          sent.flatMap(
                  handled ->
                      handled.isEmpty()
                          ? lane.parking().parkNow(received)
                          : settle(received, handled.get().get(index)))
              .doOnSuccess(
                  attempt -> {
                    if (attempt != null) {
                      received.ack();
                    }
                  }),
          p.result());
    }
  }

  private Mono<Attempt> settle(DeliverySource.Received received, DeliveryHandler.Handled handled) {
    return lanes
        .settlement
        .settle(handled)
        .flatMap(
            settled ->
                settled.kind() == Settlement.Kind.HELD
                    ? lane.parking().park(received, settled.retryAt())
                    : lanes.record(received.delivery(), settled).thenReturn(settled.attempt()));
  }
}
