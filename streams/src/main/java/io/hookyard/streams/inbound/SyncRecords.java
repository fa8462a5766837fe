package io.hookyard.streams.inbound;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one vendor's records, as its sync reports them, map onto the catalog: which resource an
 * entity is ({@code contacts} → {@code contact}) and which catalog field each vendor field fills.
 * Each vendor's mapper holds its own.
 */
interface SyncRecords {

  /** The catalog resource of an entity ({@code contact}), or null for {@code vendor.*} events. */
  String resource(String entity);

  /**
   * Fills {@code data} from the vendor record: catalog fields by their catalog names, everything
   * else the vendor sent under {@code data.properties}.
   */
  void fill(String entity, JsonNode record, ObjectNode data);

  /** The catalog name of a vendor field, or the vendor's name where the catalog has none. */
  String field(String entity, String vendorField);
}
