package dev.flightwire;

/** The server is unreachable, shutting down or out of resources (gRPC UNAVAILABLE, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED). */
public class FlightUnavailableError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightUnavailableError(String message) {
    super(FlightStatusCode.UNAVAILABLE, message);
  }

  public FlightUnavailableError(String message, Throwable cause) {
    super(FlightStatusCode.UNAVAILABLE, message, cause);
  }

  FlightUnavailableError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAVAILABLE, grpcCode, message, cause, trailers);
  }
}
