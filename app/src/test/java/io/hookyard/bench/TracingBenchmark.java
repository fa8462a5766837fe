package io.hookyard.bench;

import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What tracing costs one event on the hot path, per hop as the code runs it ({@link Tracing},
 * {@link Trace}): the ingest request's span and its injection into the record's headers, the
 * routing span continued from those headers and injected into one delivery's, and dispatch reading
 * the delivery's {@code traceparent}, its attempt span and the outbound header. Nothing else (no
 * Kafka, no HTTP): the propagation path alone, timed and its allocations counted, with tracing off
 * (no incoming {@code traceparent}; with one, passed through) and on (the SDK, every span sampled,
 * a batch processor in front of an exporter that drops them). One thread, after a warm-up; the
 * median of five rounds. Run by {@code bench/tracing.sh}.
 */
public final class TracingBenchmark {
  private static final String INCOMING = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private TracingBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build())
            .build();
    Tracing on =
        Tracing.on(
            OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
    Map<String, String> none = Map.of();
    Map<String, String> traced = Map.of(Tracing.TRACEPARENT, INCOMING);
    System.out.println(
        "| per event (ingest + routing + one attempt), one thread | ns | bytes allocated |");
    System.out.println("| --- | ---: | ---: |");
    row("off, no incoming traceparent", n, () -> event(Tracing.off(), none));
    row("off, incoming traceparent passed through", n, () -> event(Tracing.off(), traced));
    row("on, no incoming traceparent (new trace)", n, () -> event(on, none));
    row("on, incoming traceparent", n, () -> event(on, traced));
    provider.close();
  }

  /** One event's three hops, as ingest, routing and dispatch run them. */
  private static int event(Tracing tracing, Map<String, String> requestHeaders) {
    // ingest: the request's span, injected into the record's headers
    UnaryOperator<String> header = requestHeaders::get;
    Trace ingest =
        tracing
            .start("POST /api/v1/events", SpanKind.SERVER, header)
            .attribute("http.request.method", "POST")
            .attribute("http.route", "/api/v1/events");
    Headers event = new RecordHeaders();
    ingest.inject(event);
    ingest.attribute("http.response.status_code", 202).end();
    // routing: continued from the event's headers, one delivery's headers
    Trace route =
        tracing
            .start("route", SpanKind.CONSUMER, event)
            .attribute("messaging.system", "kafka")
            .attribute("messaging.destination.name", "hookyard.events")
            .attribute("hookyard.event_id", "evt_1")
            .attribute("hookyard.event_type", "invoice.paid");
    Headers delivery = route.headers();
    route.attribute("hookyard.forwarded", 1).end();
    // dispatch: the delivery's traceparent, the attempt's span and the outbound header
    String traceparent = Tracing.traceparent(delivery);
    Trace attempt =
        tracing
            .start("attempt", SpanKind.CLIENT, traceparent)
            .attribute("hookyard.endpoint_id", "ep_1")
            .attribute("hookyard.webhook_id", "msg_1")
            .attribute("hookyard.attempt", 1);
    String outbound = attempt.traceparent();
    attempt.attribute("http.response.status_code", 200).end();
    return outbound == null ? 0 : outbound.length();
  }

  private interface Work {
    int run();
  }

  private static void row(String name, int n, Work work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    double[] nanos = new double[5];
    double[] bytes = new double[5];
    long sink = 0;
    for (int round = -2; round < nanos.length; round++) {
      long allocated = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += work.run();
      }
      long elapsed = System.nanoTime() - start;
      if (round >= 0) {
        nanos[round] = (double) elapsed / n;
        bytes[round] = (double) (threads.getThreadAllocatedBytes(thread) - allocated) / n;
      }
    }
    if (sink == 42) {
      System.out.println("(unlikely)");
    }
    Arrays.sort(nanos);
    Arrays.sort(bytes);
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, nanos[2], bytes[2]);
  }

  /** An exporter that drops every span: the cost measured is ours and the SDK's, not a wire's. */
  private static final class Dropping implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
