package dev.flightwire;

/**
 * The request was malformed or not acceptable (gRPC INVALID_ARGUMENT, 3; OUT_OF_RANGE, 11,
 * is reported as this too). Throw it from server code for a bad descriptor, ticket or action
 * body; an {@link IllegalArgumentException} thrown by server code is sent with this status as
 * well.
 */
public class FlightInvalidArgumentError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with INVALID_ARGUMENT when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightInvalidArgumentError(String message) {
    super(FlightStatusCode.INVALID_ARGUMENT, message);
  }

  /**
   * An error that fails a call with INVALID_ARGUMENT when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightInvalidArgumentError(String message, Throwable cause) {
    super(FlightStatusCode.INVALID_ARGUMENT, message, cause);
  }

  FlightInvalidArgumentError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.INVALID_ARGUMENT, grpcCode, message, cause, trailers);
  }
}
