package io.hookyard.dispatch.vendor.msgraph;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Microsoft Graph's destination actions. */
public final class MsGraphActions {
  private MsGraphActions() {}

  public static List<Action> all() {
    return List.of(new SendMail());
  }
}
