package dev.flightwire;

/** Valid identity without permission for the call (gRPC PERMISSION_DENIED). */
public class FlightUnauthorizedError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightUnauthorizedError(String message) {
    super(FlightStatusCode.UNAUTHORIZED, message);
  }

  public FlightUnauthorizedError(String message, Throwable cause) {
    super(FlightStatusCode.UNAUTHORIZED, message, cause);
  }

  FlightUnauthorizedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAUTHORIZED, grpcCode, message, cause, trailers);
  }
}
