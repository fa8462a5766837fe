package io.hookyard.dispatch.sending;

/**
 * The {@code User-Agent} every webhook carries: {@code Hookyard/<version>}, the version taken from
 * the jar's manifest so subscribers can tell releases apart in their logs; {@code dev} when run
 * from classes (tests, the IDE).
 */
final class UserAgent {
  static final String VALUE = "Hookyard/" + version();

  private UserAgent() {}

  private static String version() {
    String version = UserAgent.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
