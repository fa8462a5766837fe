package io.hookyard.http;

import io.hookyard.http.auth.ApiKeyAuthFilter;
import io.hookyard.http.auth.OperatorKey;
import io.hookyard.http.auth.PrincipalResolver;
import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.ratelimit.ApiRateLimiter;
import io.hookyard.http.ratelimit.RateLimitFilter;
import io.hookyard.http.server.HeaderTimeout;
import io.hookyard.http.server.HttpServerSettings;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.view.ConfigView;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * The HTTP conventions every API route shares: one JSON mapping (snake_case, the same as on Kafka),
 * bearer-key authentication, per-tenant rate limits, the error envelope, and the server's bound on
 * request heads.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpServerSettings.class)
public class HttpConfiguration implements WebFluxConfigurer {

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(Json.mapper()));
    configurer.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(Json.mapper()));
    configurer.defaultCodecs().maxInMemorySize(1024 * 1024);
  }

  @Override
  public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
    configurer.addCustomResolver(new PrincipalResolver());
  }

  /** Closes connections whose request head does not arrive in time; see {@link HeaderTimeout}. */
  @Bean
  NettyServerCustomizer headerTimeout(HttpServerSettings settings) {
    return new HeaderTimeout(settings.headerTimeout());
  }

  @Bean
  ApiErrorHandler apiErrorHandler() {
    return new ApiErrorHandler();
  }

  @Bean
  ApiKeyAuthFilter apiKeyAuthFilter(OperatorKey operatorKey, ConfigView view) {
    return new ApiKeyAuthFilter(operatorKey, view);
  }

  @Bean
  RateLimitFilter rateLimitFilter(
      ConfigView view, @Value("${hookyard.api.rate-limit-per-minute:100}") int defaultLimit) {
    return new RateLimitFilter(new ApiRateLimiter(view, defaultLimit), Clock.systemUTC());
  }
}
