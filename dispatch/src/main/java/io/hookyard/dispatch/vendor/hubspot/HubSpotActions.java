package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** HubSpot's destination actions. */
public final class HubSpotActions {
  private HubSpotActions() {}

  public static List<Action> all() {
    return List.of(new UpsertContact(), new UpsertCompany(), new CreateNote());
  }
}
