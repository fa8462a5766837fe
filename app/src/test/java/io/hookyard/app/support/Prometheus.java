package io.hookyard.app.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A meter's value as an operator reads it from {@code /actuator/prometheus}. */
public final class Prometheus {
  private Prometheus() {}

  /** The first series of {@code name}, or 0 when there is none yet. */
  public static double value(RunningHookyard hookyard, String name) {
    return first(hookyard, name, "(?:\\{[^}]*\\})?");
  }

  /** The series of {@code name} whose tag {@code tag} is {@code value}, or 0. */
  public static double value(RunningHookyard hookyard, String name, String tag, String value) {
    return first(
        hookyard, name, "\\{[^}]*" + Pattern.quote(tag + "=\"" + value + "\"") + "[^}]*\\}");
  }

  private static double first(RunningHookyard hookyard, String name, String labels) {
    String text = hookyard.operator().getText("/actuator/prometheus");
    Matcher matcher =
        Pattern.compile("^" + Pattern.quote(name) + labels + " (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
