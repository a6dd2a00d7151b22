package dev.flightwire;

/** Missing or invalid credentials (gRPC UNAUTHENTICATED). */
public class FlightUnauthenticatedError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightUnauthenticatedError(String message) {
    super(FlightStatusCode.UNAUTHENTICATED, message);
  }

  public FlightUnauthenticatedError(String message, Throwable cause) {
    super(FlightStatusCode.UNAUTHENTICATED, message, cause);
  }

  FlightUnauthenticatedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAUTHENTICATED, grpcCode, message, cause, trailers);
  }
}
