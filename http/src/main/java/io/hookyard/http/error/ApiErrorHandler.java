package io.hookyard.http.error;

import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into the contract's error envelope with the right status. Runs before Spring
 * Boot's own handler, so no stack trace or framework message ever reaches a client. Only the
 * exception's class is logged for unexpected errors: messages can quote request bodies.
 */
@Order(-2)
public final class ApiErrorHandler implements WebExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  /** What a 503 tells the client to wait before retrying ({@code Retry-After}). */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    ApiException error = translate(failure);
    logIfUnexpected(
        failure, error, exchange.getRequest().getMethod(), exchange.getRequest().getPath());
    var response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(failure);
    }
    response.setStatusCode(error.status());
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    }
    byte[] bytes = envelope(error);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  /**
   * The envelope's bytes, {@code {"error":{"code","message","details"}}}: for routes served outside
   * WebFlux ({@code /in/…} on reactor-netty directly), so their errors read the same.
   */
  public static byte[] envelope(ApiException error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", error.code());
    body.put("message", error.getMessage());
    body.put("details", error.details());
    return Json.write(Map.of("error", body));
  }

  /**
   * The error for a request body that could not be bound: 422 naming the field for valid JSON with
   * a wrongly typed field, else 400 {@code malformed_request}. For routes that read their own body.
   */
  public static ApiException unreadableBody(Throwable failure) {
    ApiException wrongType = WrongType.of(failure);
    return wrongType != null
        ? wrongType
        : ApiException.badRequest(
            "malformed_request", "the request is not valid JSON or misses a part");
  }

  /** The error a failure is answered with; anything unforeseen is a 500 that tells nothing. */
  public static ApiException translate(Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DataBufferLimitException) {
      return new ApiException(
          HttpStatus.CONTENT_TOO_LARGE,
          "payload_too_large",
          "the request body is too large",
          Map.of());
    }
    if (failure instanceof UnsupportedMediaTypeStatusException) {
      return new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "send JSON with Content-Type: application/json",
          Map.of());
    }
    if (failure instanceof ServerWebInputException input) {
      Throwable cause = input.getMostSpecificCause();
      if (cause instanceof DataBufferLimitException) {
        return translate(cause);
      }
      ApiException wrongType = WrongType.of(input);
      if (wrongType != null) {
        return wrongType;
      }
      return ApiException.badRequest(
          "malformed_request", "the request is not valid JSON or misses a part");
    }
    if (failure instanceof MethodNotAllowedException) {
      return new ApiException(
          HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed here", Map.of());
    }
    if (failure instanceof ResponseStatusException status) {
      HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
      if (code == HttpStatus.NOT_FOUND) {
        return new ApiException(code, "not_found", "no such route", Map.of());
      }
      if (code != null && code.is4xxClientError()) {
        return new ApiException(code, code.name().toLowerCase(), code.getReasonPhrase(), Map.of());
      }
    }
    return new ApiException(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "something went wrong on our side",
        Map.of());
  }

  /**
   * Logs a failure that is not the client's doing (a 5xx that is no {@link ApiException}): its
   * class and where it was thrown, never its message, which may carry a payload.
   */
  public static void logIfUnexpected(
      Throwable failure, ApiException translated, Object method, Object path) {
    if (translated.status().is5xxServerError() && !(failure instanceof ApiException)) {
      StackTraceElement[] trace = failure.getStackTrace();
      log.error(
          "unexpected {} at {} on {} {}",
          failure.getClass().getName(),
          trace.length > 0 ? trace[0] : "?",
          method,
          path);
    }
  }
}
