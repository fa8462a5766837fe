package io.hookyard.control.encryption;

/**
 * What a reseal did to one entity.
 *
 * @param outboxSeq the config outbox row that carries the resealed entity to the data plane, 0 when
 *     nothing was written
 * @param reason why it failed (a key id, never a secret), or null
 */
public record Resealed(Status status, String tenantId, String id, long outboxSeq, String reason) {

  /** Sealed anew under the sealing key. */
  public static Resealed resealed(String tenantId, String id, long outboxSeq) {
    return new Resealed(Status.RESEALED, tenantId, id, outboxSeq, null);
  }

  /** Already sealed under the sealing key, left as it was. */
  public static Resealed current(String tenantId, String id) {
    return new Resealed(Status.CURRENT, tenantId, id, 0, null);
  }

  /** Could not be opened: left as it was. */
  public static Resealed failed(String tenantId, String id, String reason) {
    return new Resealed(Status.FAILED, tenantId, id, 0, reason);
  }

  /** Gone between listing and locking it: nothing to do. */
  public static Resealed gone(String tenantId, String id) {
    return new Resealed(Status.GONE, tenantId, id, 0, null);
  }

  public enum Status {
    RESEALED,
    CURRENT,
    FAILED,
    GONE
  }
}
