package io.hookyard.schemas.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationCatalogJiraGraphTest {
  @Test
  void jiraNeedsAProjectKeyAndGraphMailASender() {
    assertThat(DestinationCatalog.check("jira", "create_issue", Map.of("project_key", "OPS")))
        .isEmpty();
    assertThat(DestinationCatalog.check("jira", "create_issue", Map.of()))
        .hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("settings.project_key"));
    assertThat(DestinationCatalog.check("jira", "create_issue", Map.of("project_key", "ops")))
        .hasValueSatisfying(
            p -> assertThat(p.message()).isEqualTo("a Jira project key such as OPS"));
    assertThat(
            DestinationCatalog.check(
                "jira", "create_issue", Map.of("project_key", "OPS", "issue_type", " ")))
        .hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("settings.issue_type"));
    assertThat(DestinationCatalog.check("jira", "add_comment", Map.of())).isEmpty();
    assertThat(DestinationCatalog.check("ms-graph", "send_mail", Map.of()))
        .hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("settings.from"));
    assertThat(
            DestinationCatalog.check("ms-graph", "send_mail", Map.of("from", "alerts@contoso.com")))
        .isEmpty();
  }
}
