package dev.flightwire;

/** The server failed with an error of no specific kind (gRPC UNKNOWN). */
public class FlightServerError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightServerError(String message) {
    super(FlightStatusCode.UNKNOWN, message);
  }

  public FlightServerError(String message, Throwable cause) {
    super(FlightStatusCode.UNKNOWN, message, cause);
  }

  FlightServerError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNKNOWN, grpcCode, message, cause, trailers);
  }
}
