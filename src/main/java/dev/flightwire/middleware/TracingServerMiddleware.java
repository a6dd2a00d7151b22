package dev.flightwire.middleware;

import dev.flightwire.FlightError;
import dev.flightwire.internal.tracing.SpanHandle;

/**
 * The trace context of one server call (W3C Trace Context): the trace the client's
 * {@code traceparent} header put it in (or a new one), the client's span as parent, and this
 * call's own span. Handlers find it with
 * {@code context.middleware(TracingServerMiddlewareFactory.KEY)} and pass {@link #traceparent()}
 * on to calls they make. Immutable, apart from ending its OpenTelemetry span when the call
 * completes.
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

  /**
   * The trace this call belongs to.
   *
   * @return the trace id: 32 lower-case hex digits
   */
  public String traceId() {
    return traceId;
  }

  /**
   * This call's own span.
   *
   * @return the span id: 16 lower-case hex digits (OpenTelemetry's when it reports the span)
   */
  public String spanId() {
    return spanId;
  }

  /**
   * The client's span, this call's parent.
   *
   * @return the span id from {@code traceparent}, or null when the call started a new trace
   */
  public String parentSpanId() {
    return parentSpanId;
  }

  /**
   * Whether the trace is sampled: flag 01 of {@code traceparent}; new traces are sampled.
   *
   * @return true when sampled
   */
  public boolean sampled() {
    return (traceFlags & 1) != 0;
  }

  /**
   * The vendor trace state received with the trace context.
   *
   * @return the {@code tracestate} header values, joined with commas; "" when none came or the
   *     call started a new trace
   */
  public String traceState() {
    return traceState;
  }

  /**
   * The {@code traceparent} header value for calls made on behalf of this one, with this call's
   * span as their parent.
   *
   * @return {@code 00-<trace id>-<span id>-<flags>}
   */
  public String traceparent() {
    return String.format("00-%s-%s-%02x", traceId, spanId, traceFlags);
  }

  /**
   * Whether this call's span is also reported through OpenTelemetry (its API is on the
   * classpath).
   *
   * @return true when an OpenTelemetry span was started for the call
   */
  public boolean reportedToOpenTelemetry() {
    return span != null;
  }

  /**
   * Ends the call's OpenTelemetry span, if any, with the call's outcome.
   *
   * @param error null on success, else the status the client receives
   */
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
