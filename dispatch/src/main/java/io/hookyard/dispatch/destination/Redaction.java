package io.hookyard.dispatch.destination;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a vendor answer before it reaches the attempt log: every credential and
 * token value the call used, wherever it appears, and the value of any JSON field whose name says
 * it holds one ({@code access_token}, {@code client_secret}, {@code password}, …). Then cuts the
 * text to the log's limit.
 */
final class Redaction {
  static final String MASK = "[redacted]";
  private static final Pattern SECRET_FIELD =
      Pattern.compile(
          "(\"[A-Za-z0-9_-]*(?i:token|secret|password|authorization|api_key|apikey|signature|webhook_url)[A-Za-z0-9_-]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

  private Redaction() {}

  static String redact(String body, List<String> secrets, int maxChars) {
    if (body == null) {
      return null;
    }
    String text = body;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        text = text.replace(secret, MASK);
      }
    }
    text =
        SECRET_FIELD
            .matcher(text)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
    text = BEARER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    return text.length() > maxChars ? text.substring(0, maxChars) : text;
  }
}
