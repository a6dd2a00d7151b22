package dev.flightwire;

/** The request was malformed or not acceptable (gRPC INVALID_ARGUMENT, OUT_OF_RANGE). */
public class FlightInvalidArgumentError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightInvalidArgumentError(String message) {
    super(FlightStatusCode.INVALID_ARGUMENT, message);
  }

  public FlightInvalidArgumentError(String message, Throwable cause) {
    super(FlightStatusCode.INVALID_ARGUMENT, message, cause);
  }

  FlightInvalidArgumentError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.INVALID_ARGUMENT, grpcCode, message, cause, trailers);
  }
}
