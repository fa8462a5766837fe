package io.hookyard.dispatch;

import io.hookyard.dispatch.delivery.Dispatcher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Runs the {@link Dispatcher} and the {@link DelayTiers} relay while the application runs. In the
 * last phase, so it starts after every other bean is ready and stops first: disposing it stops
 * consuming and commits what was acknowledged, before the attempt producer and the HTTP connection
 * pool are closed.
 */
final class DispatchLifecycle implements SmartLifecycle, Supervised {
  private static final Logger log = LoggerFactory.getLogger(DispatchLifecycle.class);

  private final Dispatcher dispatcher;
  private final DelayTiers tiers;
  private volatile Disposable running;
  private volatile Disposable relaying;

  DispatchLifecycle(Dispatcher dispatcher, DelayTiers tiers) {
    this.dispatcher = dispatcher;
    this.tiers = tiers;
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      log.info("dispatch starting");
      running =
          dispatcher
              .run()
              .subscribe(
                  attempt -> {}, e -> log.error("dispatch stopped for good: {}", e.toString()));
      relaying =
          tiers
              .run()
              .subscribe(d -> {}, e -> log.error("delay tiers stopped for good: {}", e.toString()));
    }
  }

  /** The dispatcher and each delay tier, as health sees them. */
  @Override
  public List<Loop> loops() {
    List<Loop> loops = new ArrayList<>();
    loops.add(dispatcher.loop());
    loops.addAll(tiers.loops());
    return loops;
  }

  @Override
  public synchronized void stop() {
    loops().forEach(Loop::stop);
    Disposable relay = relaying;
    relaying = null;
    if (relay != null) {
      relay.dispose();
    }
    Disposable current = running;
    running = null;
    if (current != null) {
      current.dispose();
      log.info("dispatch stopped");
    }
  }

  @Override
  public boolean isRunning() {
    Disposable current = running;
    return current != null && !current.isDisposed();
  }
}
