package io.hookyard.ingest.poll;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One changed vendor record.
 *
 * @param recordId the vendor's id of the record
 * @param version what changes whenever the record does (a modification time, an ETag, a row
 *     version); the engine skips a record whose version it already reported
 * @param deleted the record is gone
 * @param created the vendor says it is new; null when the vendor does not tell (the engine then
 *     decides from what it reported before)
 * @param changedFields vendor field names that changed, when the vendor tells; else empty
 * @param record the record as the vendor sent it (null for a deletion)
 */
public record Change(
    String recordId,
    String version,
    boolean deleted,
    Boolean created,
    List<String> changedFields,
    JsonNode record) {

  public Change {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(version, "version");
    changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
  }

  public static Change upsert(String recordId, String version, JsonNode record) {
    return new Change(recordId, version, false, null, List.of(), record);
  }

  public static Change deletion(String recordId, String version) {
    return new Change(recordId, version, true, false, List.of(), null);
  }
}
