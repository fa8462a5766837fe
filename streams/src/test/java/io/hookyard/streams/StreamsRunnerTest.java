package io.hookyard.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsRunnerTest {
  @Test
  void aStreamThreadThatDiesIsReplacedInsteadOfStoppingTheTopology() {
    StreamsException failure =
        new StreamsException(
            "Error encountered trying to add offsets to a transaction",
            new KafkaException("Unexpected error in TxnOffsetCommitResponse"));
    assertThat(StreamsRunner.onUncaught(failure))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }
}
