package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.loop.FailureReason;
import io.hookyard.schemas.topic.ErrorHeaders;
import io.hookyard.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Where a record of {@code hookyard.deliveries} (or a delay tier) that does not read as a delivery
 * goes: {@code hookyard.deliveries.unreadable}, as it was (key, value, headers) with why and where
 * from in {@link ErrorHeaders}, counted as {@code hookyard.dispatch.unreadable{topic}}. Nothing can
 * deliver or retry such a record; moving it aside keeps it for a person to look at and keeps its
 * partition's commits moving. It is logged by position and reason, never by content.
 */
final class UnreadableDeliveries {
  private static final Logger log = LoggerFactory.getLogger(UnreadableDeliveries.class);

  private final DispatchPublisher publisher;
  private final MeterRegistry meters;

  UnreadableDeliveries(DispatchPublisher publisher, MeterRegistry meters) {
    this.publisher = publisher;
    this.meters = meters;
  }

  /** Completes once Kafka has the record on the unreadable topic; errors if it cannot take it. */
  Mono<Void> moveAside(ConsumerRecord<String, byte[]> record, Throwable why) {
    return Mono.defer(
            () -> {
              Headers headers = new RecordHeaders(record.headers().toArray());
              add(headers, ErrorHeaders.EXCEPTION, why.getClass().getName());
              add(headers, ErrorHeaders.MESSAGE, FailureReason.message(why));
              add(headers, ErrorHeaders.TOPIC, record.topic());
              add(headers, ErrorHeaders.PARTITION, Integer.toString(record.partition()));
              add(headers, ErrorHeaders.OFFSET, Long.toString(record.offset()));
              return publisher.raw(
                  new ProducerRecord<>(
                      Topics.UNREADABLE_DELIVERIES.name(),
                      null,
                      record.key(),
                      record.value(),
                      headers));
            })
        .doOnSuccess(
            v -> {
              counter(record.topic()).increment();
              log.warn(
                  "moved an unreadable record at {}-{} offset {} to {}: {}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  Topics.UNREADABLE_DELIVERIES.name(),
                  FailureReason.of(why));
            });
  }

  private Counter counter(String topic) {
    return Counter.builder("hookyard.dispatch.unreadable")
        .description("Records that did not read as a delivery, moved to the unreadable topic")
        .tag("topic", topic)
        .register(meters);
  }

  private static void add(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
