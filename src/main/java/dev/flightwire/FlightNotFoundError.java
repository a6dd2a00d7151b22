package dev.flightwire;

/**
 * The requested flight, ticket or resource does not exist (gRPC NOT_FOUND, 5). Throw it from
 * server code for an unknown descriptor or ticket.
 */
public class FlightNotFoundError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with NOT_FOUND when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightNotFoundError(String message) {
    super(FlightStatusCode.NOT_FOUND, message);
  }

  /**
   * An error that fails a call with NOT_FOUND when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightNotFoundError(String message, Throwable cause) {
    super(FlightStatusCode.NOT_FOUND, message, cause);
  }

  FlightNotFoundError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.NOT_FOUND, grpcCode, message, cause, trailers);
  }
}
