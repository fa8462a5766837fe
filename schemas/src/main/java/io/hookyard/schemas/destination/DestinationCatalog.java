package io.hookyard.schemas.destination;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The vendor destinations an endpoint can be, their actions and each action's settings: control
 * validates an endpoint against this, and dispatch has one action implementation per entry (a test
 * there holds the two together). A destination type calls through a connection of the vendor of the
 * same name.
 */
public final class DestinationCatalog {
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_#.-]{1,80}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.{}-]{1,64}");
  private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  private static final Pattern API_VERSION = Pattern.compile("v[0-9]{2,3}\\.0");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,9}");
  private static final int MAX_TEXT = 255;
  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE", "GET");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("authorization", "content-length", "host", "transfer-encoding", "connection");

  /** How a setting's value is checked. */
  public enum Kind {
    /** A Slack channel id (or name). */
    CHANNEL,
    /** An HTTP method: POST, PUT, PATCH, DELETE or GET. */
    METHOD,
    /** An absolute http(s) URL, with {@code {field.path}} placeholders allowed. */
    URL_TEMPLATE,
    /** An object of header names to text values (never {@code Authorization}). */
    HEADERS,
    /** A Jira project key: an upper-case letter, then up to 9 upper-case letters, digits or _. */
    PROJECT_KEY,
    /** Text of 1 to 255 characters, not blank (a Jira issue type, a mailbox). */
    TEXT,
    /** A short code or id: an Exact Online journal ({@code 70}) or item guid. */
    CODE,
    /** A vendor API name: an sObject or a field ({@code Account}, {@code Hub_Id__c}). */
    API_NAME,
    /** A REST API version in a path ({@code v62.0}). */
    API_VERSION
  }

  /** One setting of an action. */
  public record Setting(String name, boolean required, Kind kind) {}

  /** One action of a destination type. */
  public record Action(String type, String name, List<Setting> settings) {
    public Action {
      settings = List.copyOf(settings);
    }

    /** The vendor of the connection this action calls through. */
    public String connectionVendor() {
      return type;
    }
  }

  /** Why settings are refused: the field (e.g. {@code settings.channel}) and what is wrong. */
  public record Problem(String field, String message) {}

  private static final Map<String, Map<String, Action>> TYPES = catalog();

  private DestinationCatalog() {}

  private static Map<String, Map<String, Action>> catalog() {
    Map<String, Map<String, Action>> types = new LinkedHashMap<>();
    add(types, new Action("hubspot", "upsert_contact", List.of()));
    add(types, new Action("hubspot", "upsert_company", List.of()));
    add(types, new Action("hubspot", "create_note", List.of()));
    add(
        types,
        new Action("slack", "post_message", List.of(new Setting("channel", true, Kind.CHANNEL))));
    add(types, new Action("teams", "post_card", List.of()));
    add(types, new Action("exact-online", "upsert_account", List.of()));
    add(
        types,
        new Action(
            "exact-online",
            "create_sales_invoice",
            List.of(
                new Setting("journal", false, Kind.CODE), new Setting("item", false, Kind.CODE))));
    add(
        types,
        new Action(
            "salesforce",
            "upsert",
            List.of(
                new Setting("sobject", true, Kind.API_NAME),
                new Setting("external_id_field", true, Kind.API_NAME),
                new Setting("api_version", false, Kind.API_VERSION))));
    add(
        types,
        new Action(
            "salesforce",
            "create_task",
            List.of(
                new Setting("external_id_field", false, Kind.API_NAME),
                new Setting("api_version", false, Kind.API_VERSION))));
    add(
        types,
        new Action(
            "http",
            "request",
            List.of(
                new Setting("url", true, Kind.URL_TEMPLATE),
                new Setting("method", false, Kind.METHOD),
                new Setting("headers", false, Kind.HEADERS))));
    add(
        types,
        new Action(
            "jira",
            "create_issue",
            List.of(
                new Setting("project_key", true, Kind.PROJECT_KEY),
                new Setting("issue_type", false, Kind.TEXT))));
    add(types, new Action("jira", "add_comment", List.of()));
    add(types, new Action("ms-graph", "send_mail", List.of(new Setting("from", true, Kind.TEXT))));
    return types;
  }

  private static void add(Map<String, Map<String, Action>> types, Action action) {
    types.computeIfAbsent(action.type(), t -> new LinkedHashMap<>()).put(action.name(), action);
  }

  /** The destination types, webhook excluded. */
  public static Set<String> types() {
    return new TreeSet<>(TYPES.keySet());
  }

  /** Every action of every type. */
  public static List<Action> actions() {
    return TYPES.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** The actions of {@code type}, in the catalog's order; empty for an unknown type. */
  public static Set<String> actions(String type) {
    Map<String, Action> actions = TYPES.get(type);
    return actions == null ? Set.of() : new java.util.LinkedHashSet<>(actions.keySet());
  }

  public static Optional<Action> action(String type, String action) {
    Map<String, Action> actions = TYPES.get(type);
    return actions == null ? Optional.empty() : Optional.ofNullable(actions.get(action));
  }

  /**
   * What is wrong with an action and its settings, if anything: an unknown action, a missing or
   * invalid setting, or a setting the action does not have. Fields are named as the API names them.
   */
  public static Optional<Problem> check(String type, String action, Map<String, Object> settings) {
    if (!TYPES.containsKey(type)) {
      return Optional.of(new Problem("type", "not a destination type; one of " + types()));
    }
    if (action == null) {
      return Optional.of(new Problem("action", "required; one of " + actions(type)));
    }
    Optional<Action> found = action(type, action);
    if (found.isEmpty()) {
      return Optional.of(
          new Problem("action", type + " has no action " + action + "; one of " + actions(type)));
    }
    Map<String, Object> given = settings == null ? Map.of() : settings;
    Set<String> known = new TreeSet<>();
    for (Setting setting : found.get().settings()) {
      known.add(setting.name());
      Object value = given.get(setting.name());
      String field = "settings." + setting.name();
      if (value == null) {
        if (setting.required()) {
          return Optional.of(new Problem(field, "required for " + type + " " + action));
        }
        continue;
      }
      String problem = problem(setting.kind(), value);
      if (problem != null) {
        return Optional.of(new Problem(field, problem));
      }
    }
    for (String name : given.keySet()) {
      if (!known.contains(name)) {
        return Optional.of(
            new Problem(
                "settings." + name,
                type
                    + " "
                    + action
                    + " has no such setting"
                    + (known.isEmpty() ? "" : "; it takes " + known)));
      }
    }
    return Optional.empty();
  }

  private static String problem(Kind kind, Object value) {
    switch (kind) {
      case CHANNEL -> {
        return value instanceof String s && CHANNEL.matcher(s).matches()
            ? null
            : "a channel id such as C0123456789";
      }
      case METHOD -> {
        return value instanceof String s && METHODS.contains(s.toUpperCase(Locale.ROOT))
            ? null
            : "one of " + new TreeSet<>(METHODS);
      }
      case URL_TEMPLATE -> {
        if (!(value instanceof String s)) {
          return "an absolute http or https URL";
        }
        try {
          URI uri = new URI(s.replaceAll("\\{[^{}]*\\}", "x"));
          String scheme = uri.getScheme();
          boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
          return http && uri.getHost() != null ? null : "an absolute http or https URL";
        } catch (URISyntaxException e) {
          return "an absolute http or https URL";
        }
      }
      case HEADERS -> {
        if (!(value instanceof Map<?, ?> map)) {
          return "an object of header names to values";
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String name = Objects.toString(e.getKey());
          if (!HEADER.matcher(name).matches()
              || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))
              || !(e.getValue() instanceof String)) {
            return "header " + name + " cannot be set (the token comes from the connection)";
          }
        }
        return null;
      }
      case PROJECT_KEY -> {
        return value instanceof String s && PROJECT_KEY.matcher(s).matches()
            ? null
            : "a Jira project key such as OPS";
      }
      case TEXT -> {
        return value instanceof String s && !s.isBlank() && s.length() <= MAX_TEXT
            ? null
            : "text of 1 to " + MAX_TEXT + " characters";
      }
      case CODE -> {
        return value instanceof String s && CODE.matcher(s).matches()
            ? null
            : "a code or id of letters, digits, '-', '_' or '.'";
      }
      case API_NAME -> {
        return value instanceof String s && API_NAME.matcher(s).matches()
            ? null
            : "an API name such as Account or Hub_Id__c";
      }
      case API_VERSION -> {
        return value instanceof String s && API_VERSION.matcher(s).matches()
            ? null
            : "an API version such as v62.0";
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }
}
