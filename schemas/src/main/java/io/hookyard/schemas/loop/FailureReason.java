package io.hookyard.schemas.loop;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import reactor.core.Exceptions;

/**
 * Why something failed, in a form fit for health, logs and record headers: the exception's class
 * and the first line of its message, cut short, with quoted text and URL credentials taken out
 * (exception messages quote the values that broke them: a record's bytes, a row's fields).
 */
public final class FailureReason {
  private static final int MAX_MESSAGE = 160;
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`");
  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]+@");

  private FailureReason() {}

  /** {@code SimpleClassName: short message}, or the class name alone. */
  public static String of(Throwable failure) {
    Throwable e = unwrap(failure);
    String message = message(e);
    String name = e.getClass().getSimpleName();
    return message.isEmpty() ? name : name + ": " + message;
  }

  /** The first line of the message, cleaned and cut short; empty when there is none. */
  public static String message(Throwable failure) {
    String message = unwrap(failure).getMessage();
    if (message == null || message.isBlank()) {
      return "";
    }
    String line = message.strip().lines().findFirst().orElse("");
    line = QUOTED.matcher(line).replaceAll("…");
    line = USER_INFO.matcher(line).replaceAll("//…@");
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable e = Exceptions.unwrap(failure);
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
