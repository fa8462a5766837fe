package io.hookyard.dispatch.vendor;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.vendor.exactonline.ExactOnlineActions;
import io.hookyard.dispatch.vendor.http.HttpActions;
import io.hookyard.dispatch.vendor.hubspot.HubSpotActions;
import io.hookyard.dispatch.vendor.jira.JiraActions;
import io.hookyard.dispatch.vendor.msgraph.MsGraphActions;
import io.hookyard.dispatch.vendor.salesforce.SalesforceActions;
import io.hookyard.dispatch.vendor.slack.SlackActions;
import io.hookyard.dispatch.vendor.teams.TeamsActions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every vendor destination action dispatch can run: one folder per vendor, registered here. A new
 * vendor is a folder and a line in this list (and its entries in {@code DestinationCatalog}).
 */
public final class Vendors {
  private Vendors() {}

  public static List<Action> actions() {
    List<Action> all = new ArrayList<>();
    all.addAll(HubSpotActions.all());
    all.addAll(SlackActions.all());
    all.addAll(TeamsActions.all());
    all.addAll(HttpActions.all());
    all.addAll(JiraActions.all());
    all.addAll(MsGraphActions.all());
    all.addAll(ExactOnlineActions.all());
    all.addAll(SalesforceActions.all());
    return List.copyOf(all);
  }
}
