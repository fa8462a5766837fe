package io.hookyard.control.endpoint;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.net.AddressClass;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where a webhook may be sent. The URL must be absolute http(s); unless {@code
 * hookyard.dispatch.allow-private-targets} is true, its host must not be, or resolve to, a
 * loopback, private, link-local or multicast address (SSRF: a tenant must not make Hookyard call
 * the operator's internal network or a cloud metadata service). DNS answers can change, so this
 * check at creation is a first line only; a host that does not resolve yet is accepted. Link-local
 * and cloud metadata addresses are refused whatever the setting ({@link AddressClass#neverTarget}).
 */
@Component
final class TargetPolicy {
  private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);

  private final boolean allowPrivate;

  TargetPolicy(@Value("${hookyard.dispatch.allow-private-targets:false}") boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** The URL's syntax, checked at once; 422 naming {@code field}. */
  static URI parse(String field, String url) {
    if (url == null || url.isBlank()) {
      throw ApiException.invalidField(field, "is required");
    }
    if (url.length() > 2048) {
      throw ApiException.invalidField(field, "at most 2048 characters");
    }
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw ApiException.invalidField(field, "must be an absolute http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ApiException.invalidField(field, "is not a valid URL");
    }
  }

  /** Emits {@code uri} if it may be a target; errors with a 422 naming {@code field} if not. */
  Mono<URI> check(String field, URI uri) {
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return Mono.fromCallable(() -> resolve(bare))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(RESOLVE_TIMEOUT, Mono.just(List.of()))
        .flatMap(
            addresses -> {
              for (InetAddress address : addresses) {
                Optional<String> never = AddressClass.neverTarget(address);
                if (never.isPresent()) {
                  return Mono.error(
                      ApiException.invalidField(
                          field, "targets a " + never.get() + " address, which is never allowed"));
                }
                Optional<String> why = AddressClass.refused(address, allowPrivate);
                if (why.isPresent()) {
                  return Mono.error(
                      ApiException.invalidField(
                          field,
                          "targets a "
                              + why.get()
                              + " address; the operator allows that only with"
                              + " hookyard.dispatch.allow-private-targets=true"));
                }
              }
              return Mono.just(uri);
            });
  }

  private static List<InetAddress> resolve(String host) {
    try {
      return Arrays.asList(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      return List.of();
    }
  }
}
