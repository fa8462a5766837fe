package io.hookyard.dispatch.vendor.teams;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Microsoft Teams' destination actions. */
public final class TeamsActions {
  private TeamsActions() {}

  public static List<Action> all() {
    return List.of(new PostCard());
  }
}
