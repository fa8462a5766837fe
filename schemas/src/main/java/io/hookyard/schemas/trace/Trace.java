package io.hookyard.schemas.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.util.context.ContextView;

/**
 * One started span of {@link Tracing} and the context it heads: what the next hop continues. Ended
 * exactly once by whoever started it. {@link #NONE} stands for "nothing to record, nothing to pass
 * on" and ignores every call.
 */
public final class Trace {
  /** No span and no context to pass on. */
  public static final Trace NONE = new Trace(Span.getInvalid(), Context.root(), null, false);

  /** Where a request's trace waits in the Reactor context for the code that writes to Kafka. */
  private static final Class<Trace> KEY = Trace.class;

  private final Span span;
  private final Context context;
  private final TextMapPropagator propagator;
  private final boolean recording;

  Trace(Span span, Context context, TextMapPropagator propagator, boolean recording) {
    this.span = span;
    this.context = context;
    this.propagator = propagator;
    this.recording = recording && span.isRecording();
  }

  /** The trace a request put into the Reactor context with {@link #into}, or {@link #NONE}. */
  public static Trace from(ContextView view) {
    return view.getOrDefault(KEY, NONE);
  }

  /**
   * {@code context} with this trace in it, for {@code contextWrite}; as it was for {@link #NONE}.
   */
  public reactor.util.context.Context into(reactor.util.context.Context context) {
    return this == NONE ? context : context.put(KEY, this);
  }

  public Trace attribute(String key, String value) {
    if (recording && value != null) {
      span.setAttribute(key, value);
    }
    return this;
  }

  public Trace attribute(String key, long value) {
    if (recording) {
      span.setAttribute(key, value);
    }
    return this;
  }

  /** Marks the span failed with a short reason: an error code, never a body or a secret. */
  public Trace failed(String reason) {
    if (recording) {
      span.setStatus(StatusCode.ERROR, reason);
    }
    return this;
  }

  public void end() {
    if (recording) {
      span.end();
    }
  }

  /**
   * Makes this span current on this thread until the scope closes, so log lines written meanwhile
   * carry its trace and span ids.
   */
  public Scope makeCurrent() {
    return recording ? context.makeCurrent() : Scope.noop();
  }

  /** Sets this trace's {@code traceparent} (and {@code tracestate}) on a record's headers. */
  public void inject(Headers headers) {
    if (propagator != null) {
      propagator.inject(context, headers, KafkaSetter.INSTANCE);
    }
  }

  /** Fresh record headers carrying this trace on. */
  public Headers headers() {
    RecordHeaders headers = new RecordHeaders();
    inject(headers);
    return headers;
  }

  /** This trace's {@code traceparent}, for the next hop; null for {@link #NONE}. */
  public String traceparent() {
    if (propagator == null) {
      return null;
    }
    String[] value = new String[1];
    propagator.inject(
        context,
        value,
        (carrier, key, v) -> {
          if (Tracing.TRACEPARENT.equals(key)) {
            carrier[0] = v;
          }
        });
    return value[0];
  }

  private enum KafkaSetter implements TextMapSetter<Headers> {
    INSTANCE;

    @Override
    public void set(Headers carrier, String key, String value) {
      if (carrier != null) {
        carrier.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
