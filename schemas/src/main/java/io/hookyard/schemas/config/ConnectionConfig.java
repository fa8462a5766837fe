package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to a vendor API as the data plane needs it: syncs (ingest) and vendor destinations
 * (dispatch) read their credentials from here, never from PostgreSQL. Credentials and tokens travel
 * sealed; only the caller that needs them opens them.
 *
 * @param authType {@code oauth2} (authorization code), {@code client_credentials}, {@code token} (a
 *     static access token), {@code webhook_url} or {@code basic} (Jira's email and API token, or a
 *     user name and password, sent as {@code Authorization: Basic})
 * @param settings plain settings: Exact Online's {@code division}, Dynamics' {@code org_url}, …
 * @param tokens the sealed token set ({@code access_token}, {@code refresh_token}, {@code
 *     expires_at}), or null before the first authorization or grant
 * @param status the connection's status as the API shows it ({@code connected}, {@code
 *     authorization_required}, …)
 * @param revision grows with every change of credentials or tokens; a token refresh asks for a
 *     revision newer than the one it saw fail, so refreshes by several callers collapse into one
 */
public record ConnectionConfig(
    ConnectionId id,
    TenantId tenantId,
    String vendor,
    String authType,
    Map<String, Object> settings,
    SealedSecret credentials,
    SealedSecret tokens,
    String status,
    long revision)
    implements ConfigRecord {

  public static final String AUTHORIZATION_REQUIRED = "authorization_required";

  public ConnectionConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(authType, "authType");
    Objects.requireNonNull(credentials, "credentials");
    settings =
        settings == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  @Override
  public String entityId() {
    return id.value();
  }

  /** Whether calls must wait for the tenant to authorize (again). */
  public boolean needsAuthorization() {
    return AUTHORIZATION_REQUIRED.equals(status);
  }

  /** A setting as text, or null. */
  public String setting(String name) {
    Object value = settings.get(name);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return "ConnectionConfig[" + id + " " + vendor + " " + status + " r" + revision + "]";
  }
}
