package io.hookyard.control.portal;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Customer portal links. A tenant asks for one ({@code POST /api/v1/portal-sessions}), limited to
 * some of its endpoints or not, and embeds it in its own product; whoever holds it manages those
 * endpoints through the same API until it expires (see {@link PortalFilter}). The token travels in
 * the URL's fragment, which browsers never send, so it reaches no server log.
 */
@RestController
class PortalSessionController {
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  static final Duration MAX_LIFETIME = Duration.ofDays(1);
  private static final int MAX_ENDPOINTS = 100;

  private final PortalSessions sessions;
  private final PortalToken tokens;

  PortalSessionController(PortalSessions sessions, PortalToken tokens) {
    this.sessions = sessions;
    this.tokens = tokens;
  }

  /**
   * @param endpointIds the endpoints the link manages; absent: all of the tenant's
   * @param expiresIn how long the link works, an ISO 8601 duration from PT1S to P1D (default PT1H)
   */
  record CreateSession(List<String> endpointIds, String expiresIn) {}

  record SessionCreated(String id, String url, Instant expiresAt) {}

  /**
   * @param endpointIds the endpoints this link manages; null: all of the tenant's
   */
  record CurrentSession(String id, List<String> endpointIds, Instant expiresAt) {}

  record PortalSettings(List<String> origins) {}

  @PostMapping("/api/v1/portal-sessions")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<SessionCreated> create(
      Principal principal,
      ServerWebExchange exchange,
      @RequestBody(required = false) CreateSession body) {
    TenantId tenant = principal.requireTenant();
    if (!(principal instanceof Principal.Tenant caller) || PortalFilter.session(exchange) != null) {
      throw ApiException.forbidden("a portal link cannot make portal links");
    }
    CreateSession request = body == null ? new CreateSession(null, null) : body;
    Duration lifetime = lifetime(request.expiresIn());
    List<String> wanted = request.endpointIds();
    if (wanted != null && wanted.size() > MAX_ENDPOINTS) {
      throw ApiException.invalidField("endpoint_ids", "at most " + MAX_ENDPOINTS + " endpoints");
    }
    Mono<Set<String>> scope =
        wanted == null
            ? Mono.empty()
            : sessions
                .knownEndpoints(tenant, wanted)
                .map(
                    known -> {
                      for (int i = 0; i < wanted.size(); i++) {
                        if (!known.contains(wanted.get(i))) {
                          throw ApiException.invalidField(
                              "endpoint_ids[" + i + "]", "is not an endpoint of this tenant");
                        }
                      }
                      return new LinkedHashSet<>(wanted);
                    });
    Instant expires = tokens.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    String id = Ids.next(PortalToken.SESSION_PREFIX);
    return scope
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            endpoints ->
                sessions.create(
                    new PortalSession(id, tenant, caller.keyId(), endpoints.orElse(null), expires)))
        .thenReturn(
            new SessionCreated(
                id, origin(exchange) + "/portal/" + id + "#" + tokens.sign(id, expires), expires));
  }

  /** What the portal page asks first: which endpoints this link manages, and until when. */
  @GetMapping("/api/v1/portal-sessions/current")
  CurrentSession current(ServerWebExchange exchange) {
    PortalSession session = PortalFilter.session(exchange);
    if (session == null) {
      throw ApiException.notFound("portal_session", "current");
    }
    return new CurrentSession(
        session.id(),
        session.endpointIds() == null ? null : List.copyOf(session.endpointIds()),
        session.expiresAt());
  }

  @GetMapping("/api/v1/portal-settings")
  Mono<PortalSettings> settings(Principal principal) {
    return sessions.origins(principal.requireTenant()).map(PortalSettings::new);
  }

  /** The origins (such as https://app.example.com) allowed to embed the tenant's portal links. */
  @PutMapping("/api/v1/portal-settings")
  Mono<PortalSettings> updateSettings(Principal principal, @RequestBody PortalSettings body) {
    TenantId tenant = principal.requireTenant();
    List<String> origins = new ArrayList<>();
    List<String> given = body.origins() == null ? List.of() : body.origins();
    if (given.size() > 20) {
      throw ApiException.invalidField("origins", "at most 20 origins");
    }
    for (int i = 0; i < given.size(); i++) {
      origins.add(checkedOrigin("origins[" + i + "]", given.get(i)));
    }
    return sessions.setOrigins(tenant, origins).thenReturn(new PortalSettings(origins));
  }

  private static Duration lifetime(String text) {
    if (text == null) {
      return DEFAULT_LIFETIME;
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField("expires_in", "an ISO 8601 duration like PT1H");
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_LIFETIME) > 0) {
      throw ApiException.invalidField("expires_in", "between PT1S and P1D");
    }
    return d;
  }

  /** An origin as CSP frame-ancestors takes it: http(s)://host[:port], nothing else. */
  static String checkedOrigin(String field, String text) {
    URI uri;
    try {
      uri = text == null ? null : URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    boolean ok =
        uri != null
            && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getHost().matches("[A-Za-z0-9.*-]+");
    if (!ok) {
      throw ApiException.invalidField(field, "an origin such as https://app.example.com");
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String origin(ServerWebExchange exchange) {
    URI uri = exchange.getRequest().getURI();
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
