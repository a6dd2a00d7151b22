package dev.flightwire.middleware;

import dev.flightwire.FlightError;
import dev.flightwire.internal.tracing.SpanHandle;

/**
 * The trace context of one server call (W3C Trace Context): the trace the client's
 * {@code traceparent} header put it in (or a new one), the client's span as parent, and this
 * call's own span. Handlers find it with {@code context.middleware(TracingServerMiddlewareFactory.KEY)}
 * and pass {@link #traceparent()} on to calls they make. Immutable.
 */
public final class TracingServerMiddleware implements ServerMiddleware {
  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final int traceFlags;
  private final String traceState;
  private final SpanHandle span;

  TracingServerMiddleware(String traceId, String spanId, String parentSpanId, int traceFlags, String traceState,
      SpanHandle span) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.traceFlags = traceFlags;
    this.traceState = traceState;
    this.span = span;
  }

  /** The trace id: 32 lower-case hex digits. */
  public String traceId() {
    return traceId;
  }

  /** This call's span id: 16 lower-case hex digits. */
  public String spanId() {
    return spanId;
  }

  /** The client's span id from {@code traceparent}, or null when the call started a new trace. */
  public String parentSpanId() {
    return parentSpanId;
  }

  /** Whether the trace is sampled (flag 01 of {@code traceparent}). */
  public boolean sampled() {
    return (traceFlags & 1) != 0;
  }

  /** The {@code tracestate} header as received, or "" when none came. */
  public String traceState() {
    return traceState;
  }

  /** The {@code traceparent} value for calls made on behalf of this one (this span as parent). */
  public String traceparent() {
    return String.format("00-%s-%s-%02x", traceId, spanId, traceFlags);
  }

  /** Whether this call's span is also reported through OpenTelemetry. */
  public boolean reportedToOpenTelemetry() {
    return span != null;
  }

  @Override
  public void callCompleted(FlightError error) {
    if (span != null) {
      span.end(error);
    }
  }

  @Override
  public String toString() {
    return "TracingServerMiddleware(" + traceparent() + ")";
  }
}
