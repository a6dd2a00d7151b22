package dev.flightwire;

/** An internal error in the Flight implementation or its transport (gRPC INTERNAL, DATA_LOSS). */
public class FlightInternalError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightInternalError(String message) {
    super(FlightStatusCode.INTERNAL, message);
  }

  public FlightInternalError(String message, Throwable cause) {
    super(FlightStatusCode.INTERNAL, message, cause);
  }

  FlightInternalError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.INTERNAL, grpcCode, message, cause, trailers);
  }
}
