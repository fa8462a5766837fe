package io.hookyard.app.support.vendor;

import java.util.List;

/**
 * What the fakes' {@code main}s print ({@code scripts/vendor-fake.sh <vendor> [port]}): where the
 * fake listens, the settings that point Hookyard at it, and the JSON to create a connection and a
 * sync with, as the README's walk-through uses them.
 */
public final class FakeMains {
  private FakeMains() {}

  /** The port given as the first argument, else {@code fallback}. */
  public static int port(String[] args, int fallback) {
    return args.length > 0 ? Integer.parseInt(args[0]) : fallback;
  }

  public static void print(
      String headline, List<String> settings, String connection, String then, String sync) {
    StringBuilder out = new StringBuilder(headline).append("\n\nrun Hookyard with:\n");
    out.append("  java -jar app/target/hookyard.jar");
    settings.forEach(s -> out.append(" \\\n    ").append(s));
    out.append("\n\nPOST /api/v1/connections:\n  ").append(connection).append('\n');
    if (then != null) {
      out.append(then).append('\n');
    }
    out.append("POST /api/v1/connections/{id}/syncs:\n  ").append(sync).append('\n');
    System.out.println(out);
  }
}
