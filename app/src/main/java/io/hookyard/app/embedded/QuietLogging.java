package io.hookyard.app.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker and database log every step at INFO (the broker prints its whole config),
 * which would bury the application's own output. This turns their loggers down to WARN, but only
 * where nobody configured a level, so {@code logging.level.kafka=INFO} and the like still win.
 */
final class QuietLogging {
  private static final Map<String, Level> LEVELS =
      Map.of(
          "kafka", Level.WARN,
          "org.apache.kafka", Level.WARN,
          "state.change.logger", Level.WARN,
          "io.zonky.test.db.postgres", Level.WARN,
          // warns "Performing controller activation" on every start of a healthy node
          "org.apache.kafka.controller.QuorumController", Level.ERROR);

  private QuietLogging() {}

  static void apply() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      LEVELS.forEach(
          (name, level) -> {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
              logger.setLevel(level);
            }
          });
    }
  }
}
