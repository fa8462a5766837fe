package io.hookyard.ingest.publish;

import io.hookyard.http.auth.ApiKeyAuthFilter;
import io.hookyard.http.ratelimit.RateLimitFilter;
import io.hookyard.ingest.inflight.InFlight;
import io.hookyard.ingest.inflight.InFlightSettings;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.trace.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PublishConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PublishConfiguration.class);

  @Bean(destroyMethod = "close")
  EventPublisher eventPublisher(KafkaConnection kafka) {
    return new KafkaEventPublisher(kafka);
  }

  /**
   * Idempotency keys live in PostgreSQL where this instance has it (the control role's database,
   * migrated before its client exists); an ingest-only instance runs without the check.
   */
  @Bean
  Idempotency idempotency(ObjectProvider<DatabaseClient> db) {
    DatabaseClient client = db.getIfUnique();
    if (client == null) {
      log.warn(
          "no database in this instance: an Idempotency-Key reused with a different body is not"
              + " refused (the first event's id is still answered)");
      return new Idempotency(IdempotencyKeys.unchecked());
    }
    return new Idempotency(new PostgresIdempotencyKeys(client));
  }

  /** {@code POST /api/v1/events} on reactor-netty, ahead of WebFlux ({@link PublishRoute}). */
  @Bean
  NettyRouteProvider publishRoute(
      ApiKeyAuthFilter auth,
      RateLimitFilter rateLimit,
      JsonMapper mapper,
      PublishController controller,
      InFlight inFlight,
      InFlightSettings settings,
      ObjectProvider<Tracing> tracing) {
    return new PublishRoute(
        auth,
        rateLimit,
        mapper,
        controller,
        inFlight,
        settings.bodyTimeout(),
        tracing.getIfAvailable(Tracing::off));
  }
}
