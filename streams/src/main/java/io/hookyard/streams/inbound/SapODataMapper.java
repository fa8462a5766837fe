package io.hookyard.streams.inbound;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SAP OData syncs: an entity set is whatever the customer's service has, with no catalog resource
 * to map onto, so each change is {@code vendor.sap_odata.<entity set>.<change>} with the record as
 * the service sent it (the poller has already removed OData's {@code __metadata} and annotations
 * and written v2 dates as RFC 3339). A tenant field mapping can rename its fields.
 */
final class SapODataMapper {
  static final String VENDOR = "sap-odata";

  /** Generic: the entity is the entity set's name, never a catalog resource. */
  static final SyncRecords SYNC =
      new SyncRecords() {
        @Override
        public String resource(String entity) {
          return null;
        }

        @Override
        public void fill(String entity, JsonNode record, ObjectNode data) {
          data.set("record", record);
        }

        @Override
        public String field(String entity, String vendorField) {
          return vendorField;
        }
      };

  private SapODataMapper() {}
}
