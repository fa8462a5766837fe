package io.hookyard.app;

import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts every long-lived loop of the roles this instance runs into {@code /actuator/health}: the
 * component {@code loops} has one child per loop ({@code configView}, {@code rawArchive}, {@code
 * dispatcher}, {@code delayTier1s}…, {@code attemptSink}, {@code deadLetterSink}, {@code
 * outboxRelay}). A loop that died is DOWN, with the reason (exception class and a short message,
 * never a payload), the time and its restarts, until it restarted and works again; that makes the
 * whole answer DOWN (503), so a broken part is noticed.
 */
@Configuration(proxyBeanMethods = false)
class LoopHealthConfiguration {

  @Bean
  CompositeHealthContributor loopsHealthContributor(ObjectProvider<Supervised> owners) {
    Map<String, HealthIndicator> loops = new TreeMap<>();
    owners
        .orderedStream()
        .flatMap(owner -> owner.loops().stream())
        .forEach(loop -> loops.put(loop.name(), () -> health(loop.state())));
    return CompositeHealthContributor.fromMap(loops);
  }

  static Health health(Loop.State state) {
    Health.Builder health = state.healthy() ? Health.up() : Health.down();
    health.withDetail("state", state.status().name().toLowerCase(java.util.Locale.ROOT));
    health.withDetail("since", state.since().toString());
    if (state.reason() != null) {
      health.withDetail(state.healthy() ? "lastFailure" : "reason", state.reason());
    }
    if (state.restarts() > 0) {
      health.withDetail("restarts", state.restarts());
    }
    return health.build();
  }
}
