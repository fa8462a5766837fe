package io.hookyard.app.support.vendor.msgraph;

import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link GraphMailFake} adds for a person running it next to Hookyard: the instructions {@link
 * GraphMailFake#main} prints and the body of {@code GET /_fake/mails} (what it received). The tests
 * use neither.
 */
final class GraphMailByHand {
  private GraphMailByHand() {}

  /** The mails accepted, oldest first: the sending mailbox, the message, saveToSentItems. */
  static List<Map<String, Object>> listing(List<GraphMailFake.Sent> sent) {
    return sent.stream()
        .map(
            s -> {
              Map<String, Object> mail = new LinkedHashMap<>();
              mail.put("from", s.from());
              mail.put("message", s.message());
              mail.put("saveToSentItems", s.saveToSentItems());
              return mail;
            })
        .toList();
  }

  static String instructions(String url, String tokenUrl) {
    String v = "--hookyard.connections.vendors.ms-graph.";
    return """
        Microsoft Graph sendMail fake on %1$s, Entra ID token endpoint %2$s
          mailbox (from): %3$s (or id %4$s)
          Entra app:      tenant_id %5$s, client_id %6$s, client_secret %7$s

        Start Hookyard with:
          java -jar app/target/hookyard.jar \\
            %8$sbase-url=%1$s \\
            '%8$stoken-url=%2$s'

        Then, with KEY a tenant's API key as in the README's walk-through:
          CONN=$(curl -s -X POST localhost:8080/api/v1/connections -H "Authorization: Bearer $KEY" \\
            -H 'Content-Type: application/json' \\
            -d '{"vendor": "ms-graph", "auth": {"client_id": "%6$s", "client_secret": "%7$s"},
                 "settings": {"tenant_id": "%5$s"}}' | sed -E 's/.*"id":"(con_[^"]+)".*/\\1/')
          curl -s -X POST localhost:8080/api/v1/endpoints -H "Authorization: Bearer $KEY" \\
            -H 'Content-Type: application/json' \\
            -d '{"type": "ms-graph", "connection_id": "'$CONN'", "action": "send_mail",
                 "settings": {"from": "%3$s"}, "event_types": ["invoice.*"], "transform":
                 "{\\"subject\\": \\"Invoice \\" & data.id & \\" paid\\", \\"body\\": data.amount & \\" \\" & data.currency, \\"to\\": \\"ap@fabrikam.example\\"}"}'
          # publish an invoice.paid as in the walk-through, then see what the fake received:
          curl -s %1$s/_fake/mails
        """
        .formatted(
            url,
            tokenUrl,
            GraphMailFake.MAILBOX,
            GraphMailFake.MAILBOX_ID,
            EntraIdTokens.TENANT,
            EntraIdTokens.CLIENT_ID,
            EntraIdTokens.CLIENT_SECRET,
            v);
  }
}
