package io.hookyard.schemas.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

class TracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String INCOMING = "00-" + TRACE + "-00f067aa0ba902b7-01";

  @Test
  void offWithoutIncomingContextDoesNothingAtAll() {
    Trace trace = Tracing.off().start("POST /in/{source_id}", SpanKind.SERVER, name -> null);
    assertThat(trace).isSameAs(Trace.NONE);
    assertThat(trace.headers().toArray()).isEmpty();
    assertThat(trace.traceparent()).isNull();
    assertThat(Trace.NONE.into(Context.empty()).isEmpty()).isTrue();
  }

  @Test
  void offPassesAnIncomingTraceparentThroughEveryHopUnchanged() {
    Trace ingest =
        Tracing.off()
            .start("POST /api/v1/events", SpanKind.SERVER, Map.of("traceparent", INCOMING)::get);
    Headers event = new RecordHeaders();
    ingest.inject(event);
    Headers delivery = Tracing.off().start("route", SpanKind.CONSUMER, event).headers();
    String outbound =
        Tracing.off()
            .start("attempt", SpanKind.CLIENT, Tracing.traceparent(delivery))
            .traceparent();
    assertThat(outbound).isEqualTo(INCOMING);
    assertThat(Trace.from(ingest.into(Context.empty()))).isSameAs(ingest);
  }

  @Test
  void onEachHopIsAChildOfTheLastAndTheOutboundHeaderNamesTheAttempt() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    Tracing on =
        Tracing.on(
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
    Trace ingest = on.start("POST /in/{source_id}", SpanKind.SERVER, name -> null);
    Headers event = ingest.headers();
    ingest.end();
    Trace route = on.start("route", SpanKind.CONSUMER, Tracing.carried(event));
    Headers delivery = route.headers();
    route.end();
    Trace attempt = on.start("attempt", SpanKind.CLIENT, Tracing.traceparent(delivery));
    String outbound = attempt.traceparent();
    attempt.failed("status 500").end();

    SpanData in = spans.getFinishedSpanItems().get(0);
    SpanData routed = spans.getFinishedSpanItems().get(1);
    SpanData tried = spans.getFinishedSpanItems().get(2);
    assertThat(in.getParentSpanContext().isValid()).isFalse(); // a new trace starts at ingest
    assertThat(routed.getParentSpanId()).isEqualTo(in.getSpanId());
    assertThat(tried.getParentSpanId()).isEqualTo(routed.getSpanId());
    assertThat(tried.getTraceId()).isEqualTo(in.getTraceId());
    assertThat(outbound)
        .matches("00-" + tried.getTraceId() + "-" + tried.getSpanId() + "-0[13]"); // sampled
  }

  @Test
  void aDeliveryCarriesItsTraceInMemoryButNeverInItsJson() {
    Delivery delivery =
        new Delivery(
                MessageId.of(EventId.next(), EndpointId.next()),
                EventId.next(),
                "invoice.paid",
                TenantId.next(),
                EndpointId.next(),
                Instant.parse("2026-12-04T10:00:00Z"),
                1,
                "{}")
            .withTraceparent(INCOMING);
    assertThat(delivery.retryAt(Instant.now()).traceparent()).isEqualTo(INCOMING);
    assertThat(delivery.parkedUntil(Instant.now()).traceparent()).isEqualTo(INCOMING);
    String json = new String(Json.write(delivery), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("trace");
    assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), Delivery.class).traceparent())
        .isNull();
  }
}
