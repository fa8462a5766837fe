package io.hookyard.control.portal;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import io.hookyard.schemas.id.Ids;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /portal/{session id}}: the customer portal's page, which a tenant frames in its own
 * product. The session id in the path is not a secret (the token after {@code #} is); it tells
 * whose page this is, so that {@code frame-ancestors} names that tenant's origins ({@code PUT
 * /api/v1/portal-settings}) and no one else can frame it.
 */
@Configuration(proxyBeanMethods = false)
class PortalPage {
  private static final Resource PAGE = new ClassPathResource("static/console/portal.html");
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  @Bean
  RouterFunction<ServerResponse> portalPages(PortalSessions portalSessions) {
    return RouterFunctions.route(
        GET("/portal/{session}").or(GET("/portal")), request -> page(request, portalSessions));
  }

  private static Mono<ServerResponse> page(ServerRequest request, PortalSessions sessions) {
    String id = request.pathVariables().get("session");
    Mono<List<String>> origins =
        id != null && Ids.isValid(PortalToken.SESSION_PREFIX, id)
            ? sessions.tenantOf(id).flatMap(sessions::origins).defaultIfEmpty(List.of())
            : Mono.just(List.of());
    return origins.flatMap(
        allowed ->
            ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", policy(allowed))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .bodyValue(PAGE));
  }

  /** Origins were checked when stored ({@link PortalSessionController#checkedOrigin}). */
  static String policy(List<String> origins) {
    return origins.isEmpty() ? POLICY : POLICY + " " + String.join(" ", origins);
  }
}
