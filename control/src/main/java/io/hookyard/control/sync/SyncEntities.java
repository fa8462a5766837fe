package io.hookyard.control.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entities each vendor can sync, as {@code POST /connections/{id}/syncs} accepts them. Ingest's
 * list of pollers must agree with this table: an entry here without a poller there makes a sync
 * that never runs, so add a vendor to both in the same change.
 */
final class SyncEntities {
  private static final Map<String, List<String>> BY_VENDOR =
      Map.of(
          "hubspot", List.of("contacts", "companies", "deals"),
          "ms-graph", List.of("users", "contacts", "events", "messages"),
          "dynamics365", List.of("accounts", "contacts", "opportunities", "invoices"),
          "exact-online", List.of("accounts", "contacts", "sales_invoices"),
          "salesforce", List.of("Account", "Contact", "Opportunity", "sobject"));

  private SyncEntities() {}

  /** The entities of {@code vendor}, or empty when it has no syncs. */
  static Optional<List<String>> of(String vendor) {
    return Optional.ofNullable(BY_VENDOR.get(vendor));
  }
}
