package io.hookyard.schemas.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class FailureReasonTest {

  @Test
  void classAndTheFirstLineOfTheMessageWithoutQuotedValues() {
    Exception e =
        new IllegalArgumentException(
            "Unrecognized token 'card-4242-4242': was expecting \"true\"\n at [Source: secret]");
    assertThat(FailureReason.of(e))
        .isEqualTo("IllegalArgumentException: Unrecognized token …: was expecting …");
  }

  @Test
  void credentialsInUrlsAreTakenOut() {
    assertThat(FailureReason.of(new IllegalStateException("cannot reach s3://key:pw@host/b")))
        .isEqualTo("IllegalStateException: cannot reach s3://…@host/b");
  }

  @Test
  void longMessagesAreCutShortAndWrappersUnwrapped() {
    RuntimeException wrapped =
        Exceptions.propagate(new CompletionException(new IllegalStateException("x".repeat(500))));
    assertThat(FailureReason.of(wrapped)).startsWith("IllegalStateException: xxx").hasSize(184);
    assertThat(FailureReason.of(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
