package io.hookyard.ingest.webhook.vendor;

import io.hookyard.ingest.webhook.vendor.dynamics365.Dynamics365Adapter;
import io.hookyard.ingest.webhook.vendor.exactonline.ExactOnlineAdapter;
import io.hookyard.ingest.webhook.vendor.github.GitHubAdapter;
import io.hookyard.ingest.webhook.vendor.hmac.HmacAdapter;
import io.hookyard.ingest.webhook.vendor.hubspot.HubSpotAdapter;
import io.hookyard.ingest.webhook.vendor.jira.JiraAdapter;
import io.hookyard.ingest.webhook.vendor.msgraph.MsGraphAdapter;
import io.hookyard.ingest.webhook.vendor.pipedrive.PipedriveAdapter;
import io.hookyard.ingest.webhook.vendor.salesforce.SalesforceAdapter;
import io.hookyard.ingest.webhook.vendor.shopify.ShopifyAdapter;
import io.hookyard.ingest.webhook.vendor.slack.SlackAdapter;
import io.hookyard.ingest.webhook.vendor.standardwebhooks.StandardWebhooksAdapter;
import io.hookyard.ingest.webhook.vendor.stripe.StripeAdapter;
import io.hookyard.ingest.webhook.vendor.twilio.TwilioAdapter;
import io.hookyard.ingest.webhook.vendor.zendesk.ZendeskAdapter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every source type Hookyard verifies, by its name in {@code POST /api/v1/sources}. Adapters are
 * stateless, so one instance each serves all sources and threads.
 */
public final class VendorAdapters {

  private final Map<String, VendorAdapter> byType;

  private VendorAdapters(Map<String, VendorAdapter> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** The adapters for all the types in CONTRACT.md "Sources". */
  public static VendorAdapters all() {
    Map<String, VendorAdapter> byType = new TreeMap<>();
    for (VendorAdapter adapter :
        new VendorAdapter[] {
          new StandardWebhooksAdapter(),
          new HmacAdapter(),
          new StripeAdapter(),
          new GitHubAdapter(),
          new ShopifyAdapter(),
          new HubSpotAdapter(),
          new SlackAdapter(),
          new MsGraphAdapter(),
          new Dynamics365Adapter(),
          new SalesforceAdapter(),
          new PipedriveAdapter(),
          new ExactOnlineAdapter(),
          new ZendeskAdapter(),
          new JiraAdapter(),
          new TwilioAdapter()
        }) {
      if (byType.put(adapter.type(), adapter) != null) {
        throw new IllegalStateException("two adapters for " + adapter.type());
      }
    }
    return new VendorAdapters(byType);
  }

  /** The adapter for a source type, or empty when Hookyard does not know the type. */
  public Optional<VendorAdapter> forType(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  public Set<String> types() {
    return new TreeSet<>(byType.keySet());
  }
}
