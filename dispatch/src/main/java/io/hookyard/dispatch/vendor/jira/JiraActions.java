package io.hookyard.dispatch.vendor.jira;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Jira Cloud's destination actions. */
public final class JiraActions {
  private JiraActions() {}

  public static List<Action> all() {
    return List.of(new CreateIssue(), new AddComment());
  }
}
