package io.hookyard.ingest.webhook.vendor.salesforce;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.BodyFormat;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Salesforce outbound messages (vendors.md §9, the outbound-messaging WSDL and notifications page).
 * A SOAP {@code notifications} call, unsigned: it names its {@code OrganizationId}, which must be
 * the source's {@code organization_id} setting (15- or 18-character form). It carries 1 to 100
 * {@code Notification} elements, each one event deduplicated by its {@code Id} (Salesforce retries
 * for 24 hours and may duplicate) and typed by its sObject type. The XML is read with DTDs and
 * external entities switched off ({@link OutboundMessage}). Salesforce counts a delivery as done
 * only on a SOAP {@code notificationsResponse} with {@code <Ack>true</Ack>}, so that is the reply.
 * The message's {@code SessionId} is a live API session and is never copied into an event.
 */
public final class SalesforceAdapter implements VendorAdapter {

  static final byte[] ACK =
      utf8(
          """
          <?xml version="1.0" encoding="UTF-8"?>
          <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
            <soapenv:Body>
              <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
                <Ack>true</Ack>
              </notificationsResponse>
            </soapenv:Body>
          </soapenv:Envelope>
          """);

  @Override
  public String type() {
    return "salesforce";
  }

  /** SOAP XML, parsed in full by {@link OutboundMessage}. */
  @Override
  public BodyFormat bodyFormat() {
    return BodyFormat.PARSED_BY_ADAPTER;
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    OutboundMessage message = OutboundMessage.parse(request.body());
    if (message == null) {
      return Rejected.MALFORMED_BODY;
    }
    if (message.organizationId() == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    String expected = source.settings().get("organization_id");
    if (expected == null || !sameOrganization(expected, message.organizationId())) {
      return Rejected.BAD_CREDENTIALS;
    }
    List<VendorEvent> events = new ArrayList<>();
    for (OutboundMessage.Notification notification : message.notifications()) {
      events.add(
          new VendorEvent(notification.id(), notification.objectType(), notification.json()));
    }
    if (events.isEmpty()) {
      return Rejected.MALFORMED_BODY;
    }
    return new Verdict.Accepted(events, new Verdict.Reply(200, "text/xml; charset=utf-8", ACK));
  }

  /** Salesforce ids come as 15 case-sensitive characters or 18 with a checksum suffix. */
  static boolean sameOrganization(String expected, String given) {
    String a = expected.trim();
    String b = given.trim();
    if (a.length() != b.length() && a.length() >= 15 && b.length() >= 15) {
      a = a.substring(0, 15);
      b = b.substring(0, 15);
    }
    return Signatures.matches(utf8(a), utf8(b));
  }
}
