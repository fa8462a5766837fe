package io.hookyard.control.console;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * The web console: {@code GET /console} answers its one page, whose ES modules and stylesheet are
 * static resources under {@code /console/}. Both are public (the API key filter guards {@code
 * /api/v1/} only); the page signs in by keeping the key in the browser's {@code sessionStorage} and
 * sending it in the {@code Authorization} header of each API call, so there is no cookie to forge a
 * request with (no CSRF) and the key never appears in a URL or a server log.
 *
 * <p>Every console answer carries a Content-Security-Policy that allows scripts, styles and API
 * calls from this origin only and no inline script, so a tenant's or vendor's string that escaped
 * into markup still could not run; the scripts render such strings as text in any case.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {
  static final String CONSOLE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Resource CONSOLE = new ClassPathResource("static/console/index.html");

  @Bean
  RouterFunction<ServerResponse> consolePages() {
    return RouterFunctions.route(
        GET("/console").or(GET("/console/")),
        request ->
            ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore())
                .bodyValue(CONSOLE));
  }

  /** Security headers on the page and on its assets. */
  @Bean
  WebFilter consoleHeaders() {
    return (exchange, chain) -> {
      String path = exchange.getRequest().getPath().pathWithinApplication().value();
      if (path.equals("/console") || path.startsWith("/console/")) {
        var headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", CONSOLE_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
      }
      return chain.filter(exchange);
    };
  }
}
