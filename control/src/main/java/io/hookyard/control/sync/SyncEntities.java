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
  /** A vendor that syncs whatever its service offers (SAP OData: any entity set's name). */
  static final String ANY_ENTITY_SET = "<entity set>";

  private static final Map<String, List<String>> BY_VENDOR =
      Map.of(
          "hubspot", List.of("contacts", "companies", "deals"),
          "ms-graph", List.of("users", "contacts", "events", "messages"),
          "dynamics365", List.of("accounts", "contacts", "opportunities", "invoices"),
          "exact-online", List.of("accounts", "contacts", "sales_invoices"),
          "salesforce", List.of("Account", "Contact", "Opportunity", "sobject"),
          "pipedrive", List.of("persons", "organizations", "deals"),
          "sap-odata", List.of(ANY_ENTITY_SET));

  private SyncEntities() {}

  /** Whether {@code vendor} syncs {@code entity}: one it names, or any OData identifier. */
  static boolean accepts(String vendor, String entity) {
    List<String> entities = BY_VENDOR.getOrDefault(vendor, List.of());
    return entities.contains(ANY_ENTITY_SET)
        ? entity.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")
        : entities.contains(entity);
  }

  /** The entities of {@code vendor}, or empty when it has no syncs. */
  static Optional<List<String>> of(String vendor) {
    return Optional.ofNullable(BY_VENDOR.get(vendor));
  }
}
