package io.hookyard.dispatch.vendor.jira;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Response;
import io.hookyard.dispatch.destination.Action.Result;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What Jira Cloud's REST v3 write calls share (vendors.md §13, §20.5).
 *
 * <ul>
 *   <li>Where: an API-token connection ({@code basic}: {@code Authorization: Basic
 *       base64(email:api_token)}) calls its site, {@code settings.site_url} ({@code
 *       https://<site>.atlassian.net}); an OAuth 2.0 (3LO) connection calls Atlassian's gateway
 *       {@code https://api.atlassian.com/ex/jira/<cloud_id>} with {@code Authorization: Bearer}
 *       ({@code settings.cloud_id}). A configured base URL replaces the site, or the gateway's
 *       host.
 *   <li>Text: v3 descriptions and comment bodies are Atlassian Document Format (ADF); plain strings
 *       are v2-only, so plain text becomes a {@code doc} of paragraphs ({@link #adf}).
 *   <li>Limits: 429 with {@code Retry-After} (seconds), {@code X-RateLimit-Limit}/{@code
 *       -Remaining}/{@code -Reset} (ISO time) and {@code RateLimit-Reason} ({@code
 *       jira-burst-based}, {@code jira-per-issue-on-write}, quota); some 503s carry {@code
 *       Retry-After} too. Both are waited out in the connection's budget, never failed.
 *   <li>Errors: {@code {"errorMessages": ["…"], "errors": {"field": "message"}}}. 400, 403, 404,
 *       413 are the input's or the configuration's fault (refused, dead-lettered at once); 401 is
 *       the engine's (OAuth: refresh once; API token: the connection waits for new credentials);
 *       408, other 5xx and no answer are retried.
 * </ul>
 */
final class Jira {
  /** The placeholder default: the real host is the connection's ({@link #base}). */
  static final URI PER_CONNECTION = URI.create("https://per-connection.invalid");

  static final String GATEWAY = "https://api.atlassian.com";
  private static final int MAX_MESSAGE = 300;

  private Jira() {}

  /**
   * The REST API root for this connection, without a trailing slash, or null when the connection
   * lacks the setting its auth type needs.
   */
  static String base(Action.Call call) {
    boolean configured = !PER_CONNECTION.equals(call.base());
    if ("oauth2".equals(call.authType())) {
      String cloud = call.connectionSetting("cloud_id");
      if (cloud == null || cloud.isBlank()) {
        return null;
      }
      String root = configured ? strip(call.base().toString()) : GATEWAY;
      return root + "/ex/jira/" + cloud;
    }
    if (configured) {
      return strip(call.base().toString());
    }
    String site = call.connectionSetting("site_url");
    return site == null || site.isBlank() ? null : strip(site);
  }

  static Result noBase(Action.Call call) {
    return new Result.Refused(
        null,
        "invalid_connection: the Jira connection has no "
            + ("oauth2".equals(call.authType()) ? "settings.cloud_id" : "settings.site_url"));
  }

  /**
   * Plain text as an ADF document: a paragraph per block of text between blank lines, a line break
   * for each single newline. An ADF {@code doc} given as is passes through.
   */
  static Object adf(JsonNode given) {
    if (given != null && given.isObject() && "doc".equals(given.path("type").asString(null))) {
      return given;
    }
    String text = given == null || given.isNull() || given.isMissingNode() ? "" : given.asString();
    return adf(text);
  }

  static Map<String, Object> adf(String text) {
    List<Object> paragraphs = new ArrayList<>();
    for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
      if (block.isBlank()) {
        continue;
      }
      List<Object> content = new ArrayList<>();
      String[] lines = block.strip().split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          content.add(Map.of("type", "hardBreak"));
        }
        if (!lines[i].isEmpty()) {
          content.add(Map.of("type", "text", "text", lines[i]));
        }
      }
      paragraphs.add(Map.of("type", "paragraph", "content", content));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", "doc");
    doc.put("version", 1);
    doc.put("content", paragraphs);
    return doc;
  }

  /** An answer read the Jira way: 2xx done with {@code objectId}, refusals in our words. */
  static Result classify(Response r, String what, String objectId) {
    if (r.status() == null || r.ok() || r.status() == 429 || r.status() == 401) {
      return Result.classify(r, "Jira", objectId);
    }
    int status = r.status();
    if (status == 503 && r.retryAfter() != null) {
      return new Result.Throttled(r, r.retryAfter());
    }
    if (status == 408 || status >= 500) {
      return Result.classify(r, "Jira", objectId);
    }
    return new Result.Refused(r, refusal(r, what));
  }

  /**
   * {@code http_400: Jira refused the issue: summary: You must specify a summary of the issue.} —
   * the field errors first, then the general messages, cut short.
   */
  static String refusal(Response r, String what) {
    JsonNode body = r.json();
    List<String> messages = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : body.path("errors").properties()) {
      messages.add(e.getKey() + ": " + e.getValue().asString());
    }
    for (JsonNode m : body.path("errorMessages")) {
      messages.add(m.asString());
    }
    StringBuilder reason = new StringBuilder("http_").append(r.status());
    reason.append(": Jira refused the ").append(what);
    if (r.status() == 403) {
      reason.append(" (the connection's account lacks the permission)");
    } else if (r.status() == 404) {
      reason.append(" (it does not exist, or the account cannot see it)");
    }
    if (!messages.isEmpty()) {
      String joined = String.join("; ", messages);
      reason
          .append(": ")
          .append(joined.length() > MAX_MESSAGE ? joined.substring(0, MAX_MESSAGE) : joined);
    }
    return reason.toString();
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
