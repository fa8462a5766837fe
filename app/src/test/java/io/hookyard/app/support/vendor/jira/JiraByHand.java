package io.hookyard.app.support.vendor.jira;

import io.hookyard.app.support.vendor.VendorFake.Answer;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link JiraFake} adds for a person running it next to Hookyard: the instructions {@link
 * JiraFake#main} prints, {@code GET /_fake/issues} (what it received), and {@code GET /authorize},
 * Atlassian's consent screen with the user consenting at once. The tests use none of these.
 */
final class JiraByHand {
  private static final String SITE = "https://acme.atlassian.net";

  private JiraByHand() {}

  /**
   * Atlassian's {@code /authorize} after the user clicked "Accept": 302 to the {@code redirect_uri}
   * with the code and the {@code state} given; an unknown client is refused as Atlassian does.
   */
  static Answer consent(String query) {
    Map<String, String> q = EntraIdTokens.form(query);
    String redirect = q.get("redirect_uri");
    if (!JiraFake.CLIENT_ID.equals(q.get("client_id")) || redirect == null) {
      return new Answer(
          400,
          Map.of("Content-Type", "text/plain"),
          "Something went wrong: invalid client_id or redirect_uri");
    }
    String location =
        redirect
            + (redirect.contains("?") ? "&" : "?")
            + "code="
            + JiraFake.CODE
            + "&state="
            + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
    return new Answer(302, Map.of("Location", location), null);
  }

  /** The issues as stored, oldest first: key, id, created, the fields sent, comments by id. */
  static Answer listing(Collection<JiraFake.Issue> issues) {
    List<Map<String, Object>> out = new ArrayList<>();
    issues.stream()
        .sorted(Comparator.comparing(i -> Long.parseLong(i.id())))
        .forEach(
            i -> {
              Map<String, Object> issue = new LinkedHashMap<>();
              issue.put("key", i.key());
              issue.put("id", i.id());
              issue.put("created", i.created().toString());
              issue.put("fields", i.fields());
              issue.put("comments", Map.copyOf(i.comments()));
              out.add(issue);
            });
    return JiraIssues.json(200, out);
  }

  static String instructions(String url) {
    String v = "--hookyard.connections.vendors.jira.";
    return """
        Jira Cloud fake on %1$s (project %2$s; issue types Task, Bug, Story)
          API token:   email %3$s, api_token %4$s
          OAuth (3LO): client_id %5$s, client_secret %6$s, cloud_id %7$s
                       (its /authorize consents at once and sends back code %8$s)

        Start Hookyard with:
          java -jar app/target/hookyard.jar \\
            %9$sbase-url=%1$s \\
            %9$stoken-url=%1$s/oauth/token \\
            %9$sauthorize-url=%1$s/authorize

        Then, with KEY a tenant's API key as in the README's walk-through:
          CONN=$(curl -s -X POST localhost:8080/api/v1/connections -H "Authorization: Bearer $KEY" \\
            -H 'Content-Type: application/json' \\
            -d '{"vendor": "jira", "auth": {"email": "%3$s", "api_token": "%4$s"},
                 "settings": {"site_url": "%10$s"}}' | sed -E 's/.*"id":"(con_[^"]+)".*/\\1/')
          (base-url replaces the site, which must still be an https URL. For OAuth instead:
           {"vendor": "jira", "auth": {"client_id": "%5$s", "client_secret": "%6$s",
            "scope": "read:jira-work write:jira-work offline_access"},
            "settings": {"site_url": "%10$s", "cloud_id": "%7$s"}}
           then: curl -sL -H "Authorization: Bearer $KEY" localhost:8080/api/v1/connections/$CONN/authorize)
          curl -s -X POST localhost:8080/api/v1/endpoints -H "Authorization: Bearer $KEY" \\
            -H 'Content-Type: application/json' \\
            -d '{"type": "jira", "connection_id": "'$CONN'", "action": "create_issue",
                 "settings": {"project_key": "%2$s"}, "event_types": ["invoice.*"]}'
          # publish an invoice.paid as in the walk-through, then see what the fake received:
          curl -s %1$s/_fake/issues
        """
        .formatted(
            url,
            JiraFake.PROJECT,
            JiraFake.EMAIL,
            JiraFake.API_TOKEN,
            JiraFake.CLIENT_ID,
            JiraFake.CLIENT_SECRET,
            JiraFake.CLOUD_ID,
            JiraFake.CODE,
            v,
            SITE);
  }
}
