package dev.flightwire;

/** The requested flight, ticket or resource does not exist (gRPC NOT_FOUND). */
public class FlightNotFoundError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightNotFoundError(String message) {
    super(FlightStatusCode.NOT_FOUND, message);
  }

  public FlightNotFoundError(String message, Throwable cause) {
    super(FlightStatusCode.NOT_FOUND, message, cause);
  }

  FlightNotFoundError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.NOT_FOUND, grpcCode, message, cause, trailers);
  }
}
