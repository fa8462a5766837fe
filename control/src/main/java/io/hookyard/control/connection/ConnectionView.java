package io.hookyard.control.connection;

import java.time.Instant;
import java.util.Map;

/**
 * A connection as the API shows it: never its credentials or tokens.
 *
 * @param status {@code authorization_required} (OAuth 2.0, not yet authorized), {@code unchecked}
 *     (credentials given, not yet tried), {@code connected} (the last check or authorization
 *     worked) or {@code failed} (see {@code last_error})
 * @param authorizeUrl for OAuth 2.0 connections, the route that starts the authorization
 */
record ConnectionView(
    String id,
    String vendor,
    String name,
    String authType,
    Map<String, Object> settings,
    String status,
    String lastError,
    Instant checkedAt,
    String authorizeUrl,
    Instant createdAt,
    Instant updatedAt) {

  static final String AUTHORIZATION_REQUIRED = "authorization_required";
  static final String UNCHECKED = "unchecked";
  static final String CONNECTED = "connected";
  static final String FAILED = "failed";

  static String authorizeUrlOf(String id, String authType) {
    return VendorApi.OAUTH2.equals(authType) ? "/api/v1/connections/" + id + "/authorize" : null;
  }
}
