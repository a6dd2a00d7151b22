package dev.flightwire.internal.convert;

import dev.flightwire.FlightError;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;

/** Maps between gRPC statuses and the public FlightError hierarchy. */
public final class Errors {
  private Errors() {}

  /** The FlightError a client (or a server-side reader) reports for a failed call. */
  public static FlightError toFlight(GrpcStatusException e) {
    GrpcStatus s = e.status();
    return FlightError.fromStatus(s.code().value(), s.message(), s.trailers(), s.cause());
  }

  /** The status a server sends for what a handler threw. */
  public static GrpcStatus toStatus(Throwable t) {
    if (t instanceof FlightError) {
      FlightError f = (FlightError) t;
      return GrpcStatus.of(GrpcStatusCode.fromValue(f.code().grpcCode()), f.getMessage());
    }
    if (t instanceof GrpcStatusException) {
      return ((GrpcStatusException) t).status();
    }
    if (t instanceof IllegalArgumentException) {
      return GrpcStatus.of(GrpcStatusCode.INVALID_ARGUMENT, String.valueOf(t.getMessage()));
    }
    if (t instanceof UnsupportedOperationException) {
      return GrpcStatus.of(GrpcStatusCode.UNIMPLEMENTED, String.valueOf(t.getMessage()));
    }
    return GrpcStatus.of(GrpcStatusCode.UNKNOWN, t.toString());
  }
}
