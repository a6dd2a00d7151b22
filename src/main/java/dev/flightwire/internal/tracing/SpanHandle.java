package dev.flightwire.internal.tracing;

import dev.flightwire.FlightError;

/**
 * A server span reported through OpenTelemetry, when its API is on the classpath. The
 * OpenTelemetry classes are only touched from {@link OtelSpan}, which loads only when present.
 */
public interface SpanHandle {
  /** This span's id (16 hex digits), or null when OpenTelemetry did not create one (no SDK). */
  String spanId();

  /** The trace id OpenTelemetry used, or null. */
  String traceId();

  /** Ends the span (and its scope on this thread) with the call's outcome. */
  void end(FlightError error);

  /** A started span, current on this thread until {@link #end}; null without OpenTelemetry. */
  static SpanHandle startIfAvailable(String name, String traceId, String parentSpanId, int flags, String traceState) {
    if (!OtelPresence.AVAILABLE) {
      return null;
    }
    return OtelSpan.start(name, traceId, parentSpanId, flags, traceState);
  }
}
