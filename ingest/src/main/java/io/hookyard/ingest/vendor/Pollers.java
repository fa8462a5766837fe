package io.hookyard.ingest.vendor;

import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.vendor.dynamics365.Dynamics365Poller;
import io.hookyard.ingest.vendor.exactonline.ExactOnlinePoller;
import io.hookyard.ingest.vendor.hubspot.HubSpotPoller;
import io.hookyard.ingest.vendor.msgraph.MsGraphPoller;
import io.hookyard.ingest.vendor.pipedrive.PipedrivePoller;
import io.hookyard.ingest.vendor.salesforce.SalesforcePoller;
import io.hookyard.ingest.vendor.sapodata.SapODataPoller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every vendor a sync can poll: the one list to add a vendor's poller to. */
public final class Pollers {
  private final Map<String, Poller> byVendor;

  private Pollers(List<Poller> pollers) {
    this.byVendor =
        pollers.stream().collect(Collectors.toUnmodifiableMap(Poller::vendor, Function.identity()));
  }

  public static Pollers all() {
    return new Pollers(
        List.of(
            new HubSpotPoller(),
            new MsGraphPoller(),
            new Dynamics365Poller(),
            new ExactOnlinePoller(),
            new SalesforcePoller(),
            new PipedrivePoller(),
            new SapODataPoller()));
  }

  public Optional<Poller> find(String vendor) {
    return Optional.ofNullable(byVendor.get(vendor));
  }
}
