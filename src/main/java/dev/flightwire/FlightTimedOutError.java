package dev.flightwire;

/** The call's deadline passed (gRPC DEADLINE_EXCEEDED). */
public class FlightTimedOutError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightTimedOutError(String message) {
    super(FlightStatusCode.TIMED_OUT, message);
  }

  public FlightTimedOutError(String message, Throwable cause) {
    super(FlightStatusCode.TIMED_OUT, message, cause);
  }

  FlightTimedOutError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.TIMED_OUT, grpcCode, message, cause, trailers);
  }
}
