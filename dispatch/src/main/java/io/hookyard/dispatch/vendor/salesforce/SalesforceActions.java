package io.hookyard.dispatch.vendor.salesforce;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Salesforce's destination actions. */
public final class SalesforceActions {
  private SalesforceActions() {}

  public static List<Action> all() {
    return List.of(new Upsert(), new CreateTask());
  }
}
