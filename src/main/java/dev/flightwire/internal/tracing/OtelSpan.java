package dev.flightwire.internal.tracing;

import dev.flightwire.FlightError;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/** A server span through the OpenTelemetry API; loaded only when that API is present. */
final class OtelSpan implements SpanHandle {
  private final Span span;
  private final Scope scope;
  private final String parentSpanId;

  private OtelSpan(Span span, Scope scope, String parentSpanId) {
    this.span = span;
    this.scope = scope;
    this.parentSpanId = parentSpanId;
  }

  /** Whether OpenTelemetry made a span of its own (an SDK is installed), not just the parent wrapped. */
  private boolean own() {
    SpanContext c = span.getSpanContext();
    return c.isValid() && !c.getSpanId().equals(parentSpanId);
  }

  static SpanHandle start(String name, String traceId, String parentSpanId, int flags, String traceState) {
    Context parent = Context.root();
    if (parentSpanId != null) {
      SpanContext remote = SpanContext.createFromRemoteParent(traceId, parentSpanId,
          TraceFlags.fromByte((byte) flags), parseState(traceState));
      parent = parent.with(Span.wrap(remote));
    }
    Span span = GlobalOpenTelemetry.getTracer("dev.flightwire").spanBuilder(name).setParent(parent)
        .setSpanKind(SpanKind.SERVER).setAttribute("rpc.system", "grpc")
        .setAttribute("rpc.service", "arrow.flight.protocol.FlightService")
        .setAttribute("rpc.method", name.substring(name.lastIndexOf('/') + 1)).startSpan();
    return new OtelSpan(span, span.makeCurrent(), parentSpanId);
  }

  private static TraceState parseState(String header) {
    TraceStateBuilder b = TraceState.builder();
    if (header != null) {
      for (String member : header.split(",")) {
        int eq = member.indexOf('=');
        if (eq > 0) {
          b.put(member.substring(0, eq).trim(), member.substring(eq + 1).trim());
        }
      }
    }
    return b.build();
  }

  @Override
  public String spanId() {
    return own() ? span.getSpanContext().getSpanId() : null;
  }

  @Override
  public String traceId() {
    return own() ? span.getSpanContext().getTraceId() : null;
  }

  @Override
  public void end(FlightError error) {
    try {
      if (error != null) {
        span.setStatus(StatusCode.ERROR, error.getMessage());
        span.setAttribute("rpc.grpc.status_code", (long) error.code().grpcCode());
      } else {
        span.setAttribute("rpc.grpc.status_code", 0L);
      }
      span.end();
    } finally {
      scope.close();
    }
  }
}
