package io.hookyard.dispatch.delivery;

/**
 * Where one delivery stands in its lane, for the report of a delivery that got stuck ({@link
 * Lanes#watch}): the last step it reached.
 */
final class Progress {
  private volatile String stage;

  Progress(String stage) {
    this.stage = stage;
  }

  /** The delivery reached {@code stage}. */
  void at(String stage) {
    this.stage = stage;
  }

  String stage() {
    return stage;
  }
}
