package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.delivery.Attempt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Reads deliveries and keeps at most {@code maxBuffered} of them in hand: one more is requested
 * from Kafka each time one finishes. This is {@code flatMap(deliver, maxBuffered)} without its
 * cost: a flatMap drains by scanning all of its active inner sources, so with thousands of
 * deliveries waiting in lanes every finished one paid for a scan of all the others. Each delivery
 * here is its own subscription; the first failure stops the intake, cancels what is in hand and
 * fails the sink.
 */
final class Intake extends BaseSubscriber<DeliverySource.Received> {
  private final Function<DeliverySource.Received, Mono<Attempt>> deliver;
  private final FluxSink<Attempt> sink;
  private final int maxBuffered;
  private final Disposable.Composite inHand = Disposables.composite();

  /** Deliveries in hand, plus one until the source completes. */
  private final AtomicInteger open = new AtomicInteger(1);

  Intake(
      Function<DeliverySource.Received, Mono<Attempt>> deliver,
      FluxSink<Attempt> sink,
      int maxBuffered) {
    this.deliver = deliver;
    this.sink = sink;
    this.maxBuffered = maxBuffered;
    sink.onDispose(this::stop);
  }

  /** Deliveries in hand now: read, and not yet finished. */
  int inHand() {
    return Math.max(0, open.get() - 1);
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    subscription.request(maxBuffered);
  }

  @Override
  protected void hookOnNext(DeliverySource.Received received) {
    Mono<Attempt> work;
    try {
      work = deliver.apply(received);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    InHand one = new InHand();
    open.incrementAndGet();
    if (inHand.add(one)) {
      one.hold(work.subscribe(sink::next, this::fail, () -> finished(one)));
    }
  }

  @Override
  protected void hookOnError(Throwable error) {
    fail(error);
  }

  /** A finite source (tests, a closing consumer) completes once what is in hand has finished. */
  @Override
  protected void hookOnComplete() {
    release();
  }

  private void finished(InHand one) {
    inHand.remove(one);
    request(1);
    release();
  }

  private void release() {
    if (open.decrementAndGet() == 0) {
      sink.complete();
    }
  }

  private void fail(Throwable error) {
    stop();
    sink.error(error);
  }

  private void stop() {
    dispose();
    inHand.dispose();
  }

  /** One delivery's subscription, added before it starts so a stop can always reach it. */
  private static final class InHand implements Disposable {
    private volatile Disposable disposable;
    private volatile boolean disposed;

    void hold(Disposable subscription) {
      disposable = subscription;
      if (disposed) {
        subscription.dispose();
      }
    }

    @Override
    public void dispose() {
      disposed = true;
      Disposable d = disposable;
      if (d != null) {
        d.dispose();
      }
    }

    @Override
    public boolean isDisposed() {
      return disposed;
    }
  }
}
