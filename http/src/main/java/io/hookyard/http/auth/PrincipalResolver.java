package io.hookyard.http.auth;

import io.hookyard.http.error.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets a handler take the authenticated {@link Principal} as a parameter. */
public final class PrincipalResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Principal.class.isAssignableFrom(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    Object principal = exchange.getAttribute(ApiKeyAuthFilter.ATTRIBUTE);
    return principal == null
        ? Mono.error(ApiException.unauthorized("send Authorization: Bearer <api key>"))
        : Mono.just(principal);
  }
}
