package io.hookyard.bench.faults;

import java.util.Locale;

/**
 * One scenario's figures: events sent, accepted (2xx), refused (an answer other than 2xx) and
 * unknown (no answer: the process was gone), accepted events delivered, lost (accepted and never
 * delivered, must be 0), duplicates (2xx answers beyond the first), duplicates under another {@code
 * webhook-id} (must be 0), refused events delivered (must be 0), breaches (hostile requests
 * accepted or delivered, another tenant's key reaching this tenant's resources: must be 0),
 * recovery, and what the scenario itself expected but did not see ({@code unmet}, empty when all
 * was seen: the down row's dead letters and replay).
 */
record FaultRow(
    String scenario,
    long sent,
    long accepted,
    long refused,
    long unknown,
    long delivered,
    long duplicates,
    long otherIds,
    long refusedDelivered,
    long breaches,
    String recovery,
    String notes,
    String unmet) {

  long lost() {
    return accepted - delivered;
  }

  /**
   * Whether the promise held: nothing accepted lost, no other ids, nothing refused delivered, no
   * breach, and the scenario saw what it expected.
   */
  boolean held() {
    return lost() == 0
        && otherIds == 0
        && refusedDelivered == 0
        && breaches == 0
        && unmet.isEmpty();
  }

  /** The scenario expected {@code what}; unless {@code seen}, the row does not hold. */
  FaultRow expecting(boolean seen, String what) {
    if (seen) {
      return this;
    }
    String more = unmet.isEmpty() ? what : unmet + "; " + what;
    return with(breaches, recovery, notes + "; NOT SEEN: " + what, more);
  }

  FaultRow withNotes(String more) {
    return with(breaches, recovery, notes + "; " + more, unmet);
  }

  FaultRow withRecovery(String text) {
    return with(breaches, text, notes, unmet);
  }

  FaultRow withBreaches(long count) {
    return with(count, recovery, notes, unmet);
  }

  private FaultRow with(long breaches, String recovery, String notes, String unmet) {
    return new FaultRow(
        scenario,
        sent,
        accepted,
        refused,
        unknown,
        delivered,
        duplicates,
        otherIds,
        refusedDelivered,
        breaches,
        recovery,
        notes,
        unmet);
  }

  static String header() {
    return "| scenario | sent | accepted | refused | no answer | delivered | lost | duplicates"
        + " (same id) | other id | refused but delivered | breaches | recovery | notes |\n"
        + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
  }

  String markdown() {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %,d | %,d | %,d | %,d | **%,d** | %,d | %,d | %,d | %,d | %s | %s |",
        scenario,
        sent,
        accepted,
        refused,
        unknown,
        delivered,
        lost(),
        duplicates,
        otherIds,
        refusedDelivered,
        breaches,
        recovery,
        notes);
  }
}
