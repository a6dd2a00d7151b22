package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.internal.tracing.SpanHandle;
import dev.flightwire.internal.tracing.TraceParent;
import java.security.SecureRandom;

/**
 * Server middleware for W3C Trace Context: reads {@code traceparent} and {@code tracestate} from
 * each call, gives the call a span of its own in that trace ({@link TracingServerMiddleware}), and,
 * when the OpenTelemetry API is on the classpath, reports that span through
 * {@code GlobalOpenTelemetry} as a SERVER span named after the method (e.g. {@code
 * arrow.flight.protocol.FlightService/DoGet}), current on the handler's thread while it runs.
 * Without OpenTelemetry nothing needs configuring; the ids are still available to handlers.
 *
 * <pre>{@code
 * FlightServer.builder(allocator, location, service)
 *     .middleware(TracingServerMiddlewareFactory.KEY, new TracingServerMiddlewareFactory())
 * }</pre>
 */
public final class TracingServerMiddlewareFactory implements ServerMiddlewareFactory<TracingServerMiddleware> {
  /** The key under which handlers conventionally look it up. */
  public static final String KEY = "tracing";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A factory; it reaches OpenTelemetry, if present, through {@code GlobalOpenTelemetry}. */
  public TracingServerMiddlewareFactory() {}

  /**
   * The trace context of a call: continues the trace of a valid {@code traceparent} header,
   * otherwise starts a new, sampled trace; starts the OpenTelemetry span when available.
   *
   * @param info the call's method, which names the span
   * @param incomingHeaders the call's request headers, read-only
   * @return the call's trace context; never null
   */
  @Override
  public TracingServerMiddleware startCall(CallInfo info, CallHeaders incomingHeaders) {
    TraceParent parent = TraceParent.parse(incomingHeaders.get("traceparent"));
    String traceState = parent == null ? "" : String.join(",", incomingHeaders.getAll("tracestate"));
    String traceId = parent != null ? parent.traceId() : randomHex(16);
    int flags = parent != null ? parent.flags() : 1;
    String name = FlightMethod.SERVICE + "/" + info.method().grpcName();
    SpanHandle span = SpanHandle.startIfAvailable(name, traceId, parent == null ? null : parent.spanId(), flags,
        traceState);
    String spanId = span != null && span.spanId() != null ? span.spanId() : randomHex(8);
    if (span != null && span.traceId() != null) {
      traceId = span.traceId();
    }
    return new TracingServerMiddleware(traceId, spanId, parent == null ? null : parent.spanId(), flags, traceState,
        span);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      RANDOM.nextBytes(b);
    } while (allZero(b));
    StringBuilder sb = new StringBuilder(bytes * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
