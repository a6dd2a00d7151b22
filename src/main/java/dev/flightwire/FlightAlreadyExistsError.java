package dev.flightwire;

/** The resource to create exists already (gRPC ALREADY_EXISTS). */
public class FlightAlreadyExistsError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightAlreadyExistsError(String message) {
    super(FlightStatusCode.ALREADY_EXISTS, message);
  }

  public FlightAlreadyExistsError(String message, Throwable cause) {
    super(FlightStatusCode.ALREADY_EXISTS, message, cause);
  }

  FlightAlreadyExistsError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.ALREADY_EXISTS, grpcCode, message, cause, trailers);
  }
}
