package dev.flightwire;

/** The call was cancelled (gRPC CANCELLED). */
public class FlightCancelledError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightCancelledError(String message) {
    super(FlightStatusCode.CANCELLED, message);
  }

  public FlightCancelledError(String message, Throwable cause) {
    super(FlightStatusCode.CANCELLED, message, cause);
  }

  FlightCancelledError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.CANCELLED, grpcCode, message, cause, trailers);
  }
}
