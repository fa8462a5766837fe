package io.hookyard.dispatch.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void knownSecretsAndSecretLookingFieldsAreRemovedAndTheTextCut() {
    String answer =
        "{\"ok\":false,\"error\":\"invalid_auth\",\"echo\":\"xoxb-123-abc\",\"access_token\":\"at-9\","
            + "\"client_secret\":\"cs\",\"note\":\"Bearer abc.def\"}";
    String redacted = Redaction.redact(answer, List.of("xoxb-123-abc"), 1024);
    assertThat(redacted)
        .isEqualTo(
            "{\"ok\":false,\"error\":\"invalid_auth\",\"echo\":\"[redacted]\",\"access_token\":\"[redacted]\","
                + "\"client_secret\":\"[redacted]\",\"note\":\"Bearer [redacted]\"}");
    assertThat(Redaction.redact("x".repeat(2000), List.of(), 1024)).hasSize(1024);
    assertThat(Redaction.redact(null, List.of(), 1024)).isNull();
  }
}
