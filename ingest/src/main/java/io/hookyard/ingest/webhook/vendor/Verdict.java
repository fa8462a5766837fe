package io.hookyard.ingest.webhook.vendor;

import java.util.List;
import java.util.Objects;

/** What a vendor adapter made of one request. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected, Verdict.Handshake {

  /**
   * Verified: the vendor events it carries (HubSpot batches several per request; most vendors send
   * one). Stored, then answered 2xx — or {@code reply} when the vendor expects a specific answer
   * (Salesforce's SOAP ack).
   */
  record Accepted(List<VendorEvent> events, Reply reply) implements Verdict {
    public Accepted {
      events = List.copyOf(events);
      if (events.isEmpty()) {
        throw new IllegalArgumentException("an accepted request carries at least one event");
      }
    }

    public static Accepted of(VendorEvent event) {
      return new Accepted(List.of(event), null);
    }
  }

  /**
   * Not verified: bad, missing or stale signature or credentials. Answered 401; nothing stored.
   *
   * @param reason a short code for logs and the error envelope ({@code bad_signature}, {@code
   *     stale_timestamp}, {@code missing_signature}, …); never contains secrets or the body
   */
  record Rejected(String reason) implements Verdict {
    /** No signature, credential or client state where the vendor always sends one. */
    public static final Rejected MISSING_SIGNATURE = new Rejected("missing_signature");

    /** A signature was sent and none of the source's secrets produces it. */
    public static final Rejected BAD_SIGNATURE = new Rejected("bad_signature");

    /** The signed timestamp lies more than 5 minutes from our clock, either way. */
    public static final Rejected STALE_TIMESTAMP = new Rejected("stale_timestamp");

    /** A shared credential (basic auth, static key, client state, organisation id) differs. */
    public static final Rejected BAD_CREDENTIALS = new Rejected("bad_credentials");

    /** Verified, or verifiable only by reading it, yet not in the vendor's documented shape. */
    public static final Rejected MALFORMED_BODY = new Rejected("malformed_body");

    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A vendor handshake (Slack {@code url_verification}, Graph {@code validationToken}): answered,
   * not stored.
   */
  record Handshake(Reply reply) implements Verdict {
    public Handshake {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** An answer a vendor expects, byte for byte. */
  record Reply(int status, String contentType, byte[] body) {}
}
