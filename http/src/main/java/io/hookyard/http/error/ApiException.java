package io.hookyard.http.error;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error a client caused or must know about, answered as the contract's envelope {@code {"error":
 * {"code", "message", "details"}}}. Codes are stable snake_case; messages are for a person and
 * never carry request bodies or secrets.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final transient Map<String, Object> details;

  public ApiException(HttpStatus status, String code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message, Map.of());
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message, Map.of());
  }

  public static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message, Map.of());
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "not_found", "no " + what + " " + id, Map.of("id", id));
  }

  /** Valid JSON that breaks a rule: 422 naming the field. */
  public static ApiException invalidField(String field, String message) {
    return new ApiException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "validation_failed",
        field + ": " + message,
        Map.of("field", field));
  }

  /** 409 {@code endpoint_disabled}: {@code action} (a replay, a test event) needs it enabled. */
  public static ApiException endpointDisabled(String id, String action) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "endpoint_disabled",
        "the endpoint is disabled; enable it to " + action,
        Map.of("id", id));
  }

  public static ApiException unavailable(String message) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, Map.of());
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}
