package io.hookyard.control.source;

import io.hookyard.http.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/sources}. {@code secret} (or {@code secrets}, several while a
 * vendor rotates) is write-only: sealed at once and never shown again.
 */
record SourceRequest(
    String type, String name, String secret, List<String> secrets, Map<String, String> settings) {

  static final Set<String> TYPES =
      Set.of(
          "standard-webhooks",
          "hmac",
          "stripe",
          "github",
          "shopify",
          "hubspot",
          "slack",
          "ms-graph",
          "dynamics365",
          "salesforce",
          "pipedrive",
          "exact-online",
          "zendesk",
          "jira",
          "twilio");

  /** Types whose requests carry no shared secret (Salesforce checks the organization id). */
  private static final Set<String> WITHOUT_SECRET = Set.of("salesforce");

  String checkedType() {
    if (type == null || !TYPES.contains(type)) {
      throw ApiException.invalidField(
          "type", "one of " + String.join(", ", TYPES.stream().sorted().toList()));
    }
    return type;
  }

  String checkedName() {
    String text = name == null ? "" : name.strip();
    if (text.isEmpty() || text.length() > 200) {
      throw ApiException.invalidField("name", "must be 1 to 200 characters");
    }
    return text;
  }

  List<String> checkedSecrets(String checkedType) {
    List<String> all = new ArrayList<>();
    if (secret != null) {
      all.add(secret);
    }
    if (secrets != null) {
      all.addAll(secrets);
    }
    if (all.isEmpty() && !WITHOUT_SECRET.contains(checkedType)) {
      throw ApiException.invalidField("secret", "is required for " + checkedType + " sources");
    }
    for (String value : all) {
      if (value == null || value.isBlank() || value.length() > 1024) {
        throw ApiException.invalidField("secret", "must be 1 to 1024 characters");
      }
    }
    if (all.size() > 5) {
      throw ApiException.invalidField("secrets", "at most 5 at a time");
    }
    return List.copyOf(all);
  }

  Map<String, String> checkedSettings() {
    Map<String, String> given = settings == null ? Map.of() : settings;
    given.forEach(
        (key, value) -> {
          if (!key.matches("[a-z][a-z0-9_]{0,63}") || value == null || value.length() > 2048) {
            throw ApiException.invalidField(
                "settings." + key, "names are snake_case, values at most 2048 characters");
          }
        });
    return Map.copyOf(given);
  }
}
