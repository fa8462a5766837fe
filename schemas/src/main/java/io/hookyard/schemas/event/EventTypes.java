package io.hookyard.schemas.event;

import java.util.regex.Pattern;

/**
 * Event type names ({@code resource.action}, lower snake case, dot-separated) and the patterns
 * endpoints subscribe with: an exact name, {@code resource.*}, or {@code *}.
 */
public final class EventTypes {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  private EventTypes() {}

  public static boolean isName(String name) {
    return name != null && name.length() <= 128 && NAME.matcher(name).matches();
  }

  public static boolean isPattern(String pattern) {
    if (pattern == null) {
      return false;
    }
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return PREFIX.matcher(pattern.substring(0, pattern.length() - 2)).matches();
    }
    return isName(pattern);
  }

  public static String requirePattern(String pattern) {
    if (!isPattern(pattern)) {
      throw new IllegalArgumentException(
          "not an event type pattern (use a name, resource.* or *): " + pattern);
    }
    return pattern;
  }

  /**
   * {@code *} matches all; {@code invoice.*} matches {@code invoice.paid} but not {@code invoice}.
   */
  public static boolean matches(String pattern, String type) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
  }
}
