package dev.flightwire;

/**
 * Missing or invalid credentials (gRPC UNAUTHENTICATED, 16). Authentication handlers throw it
 * to refuse a handshake or a call; the client reports it when the server refused its
 * credentials or token.
 */
public class FlightUnauthenticatedError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with UNAUTHENTICATED when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightUnauthenticatedError(String message) {
    super(FlightStatusCode.UNAUTHENTICATED, message);
  }

  /**
   * An error that fails a call with UNAUTHENTICATED when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightUnauthenticatedError(String message, Throwable cause) {
    super(FlightStatusCode.UNAUTHENTICATED, message, cause);
  }

  FlightUnauthenticatedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAUTHENTICATED, grpcCode, message, cause, trailers);
  }
}
