package io.hookyard.dispatch.vendor.slack;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Slack's destination actions. */
public final class SlackActions {
  private SlackActions() {}

  public static List<Action> all() {
    return List.of(new PostMessage());
  }
}
