package io.hookyard.schemas.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * W3C trace context from a webhook in to its deliveries out, on OpenTelemetry's API: ingest starts
 * a span for the request (continuing its {@code traceparent}, or a new trace), routing one per
 * event, dispatch one per attempt; between them the context travels as {@code traceparent} and
 * {@code tracestate} record headers, the way OpenTelemetry's own Kafka instrumentation carries it,
 * so other instrumented consumers of our topics join the same trace.
 *
 * <p><b>On</b> (an OTLP endpoint is configured): spans come from the OpenTelemetry SDK the
 * application configured and are exported. <b>Off</b> (the default): the API's propagating no-op,
 * which records nothing and creates no span of its own; an incoming {@code traceparent} still
 * passes through unchanged to the outbound request (W3C's pass-through), and a request without one
 * costs one header lookup and nothing else.
 */
public final class Tracing {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  private static final List<String> FIELDS = List.of(TRACEPARENT, TRACESTATE);

  private static final Tracing OFF =
      new Tracing(
          OpenTelemetry.propagating(
              ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
          false);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean on;

  private Tracing(OpenTelemetry otel, boolean on) {
    this.tracer = otel.getTracer("io.hookyard");
    this.propagator = otel.getPropagators().getTextMapPropagator();
    this.on = on;
  }

  /** Nothing recorded or exported; incoming trace context passes through. */
  public static Tracing off() {
    return OFF;
  }

  /** Spans from {@code otel}, which exports them. */
  public static Tracing on(OpenTelemetry otel) {
    return new Tracing(otel, true);
  }

  public boolean isOn() {
    return on;
  }

  /**
   * A span continuing the trace whose headers {@code header} reads (an HTTP request's), or a new
   * trace when there is none and tracing is on; {@link Trace#NONE} when off and there is nothing to
   * continue.
   */
  public Trace start(String name, SpanKind kind, UnaryOperator<String> header) {
    String parent = header.apply(TRACEPARENT);
    if (parent == null && !on) {
      return Trace.NONE;
    }
    Context context =
        parent == null
            ? Context.root()
            : propagator.extract(Context.root(), header, HeaderGetter.INSTANCE);
    return start(name, kind, context);
  }

  /**
   * A span continuing the trace of a Kafka record's headers; see {@link #start(String, SpanKind,
   * UnaryOperator)}.
   */
  public Trace start(String name, SpanKind kind, Headers headers) {
    return start(name, kind, headerLookup(headers));
  }

  /**
   * A span continuing {@code traceparent} (null: none); see {@link #start(String, SpanKind,
   * UnaryOperator)}.
   */
  public Trace start(String name, SpanKind kind, String traceparent) {
    return start(name, kind, field -> TRACEPARENT.equals(field) ? traceparent : null);
  }

  private Trace start(String name, SpanKind kind, Context parent) {
    Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    return new Trace(span, parent.with(span), propagator, on);
  }

  /** The value of {@code traceparent} among a record's headers, or null. */
  public static String traceparent(Headers headers) {
    Header header = headers.lastHeader(TRACEPARENT);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * New record headers carrying the trace context of {@code from} on, as they were: for a step that
   * starts no span of its own (normalizing a vendor event).
   */
  public static Headers carried(Headers from) {
    RecordHeaders to = new RecordHeaders();
    for (String field : FIELDS) {
      Header header = from.lastHeader(field);
      if (header != null) {
        to.add(header);
      }
    }
    return to;
  }

  /**
   * Sets {@code traceparent} on {@code headers}, replacing one there; null leaves them as they are.
   */
  public static void setTraceparent(Headers headers, String traceparent) {
    if (traceparent != null) {
      headers.remove(TRACEPARENT).add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static UnaryOperator<String> headerLookup(Headers headers) {
    return field -> {
      Header header = headers.lastHeader(field);
      return header == null || header.value() == null
          ? null
          : new String(header.value(), StandardCharsets.UTF_8);
    };
  }

  /** Reads fields through the lookup the carrier is. */
  private enum HeaderGetter implements TextMapGetter<UnaryOperator<String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(UnaryOperator<String> carrier) {
      return FIELDS;
    }

    @Override
    public String get(UnaryOperator<String> carrier, String key) {
      return carrier == null ? null : carrier.apply(key);
    }
  }
}
