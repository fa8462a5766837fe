package io.hookyard.schemas.topic;

/**
 * The headers a record moved aside because it could not be handled carries, next to its own: what
 * failed, and where the record was. Values are UTF-8 text.
 */
public final class ErrorHeaders {
  /** The exception's class name. */
  public static final String EXCEPTION = "hookyard.errors.exception";

  /** The first line of the exception's message, quoted values taken out. */
  public static final String MESSAGE = "hookyard.errors.message";

  public static final String TOPIC = "hookyard.errors.topic";
  public static final String PARTITION = "hookyard.errors.partition";
  public static final String OFFSET = "hookyard.errors.offset";

  private ErrorHeaders() {}
}
