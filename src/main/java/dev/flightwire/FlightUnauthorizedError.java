package dev.flightwire;

/**
 * The caller is authenticated but not allowed to make this call (gRPC PERMISSION_DENIED, 7).
 * Throw it from server code after checking {@link ServerCallContext#peerIdentity()}.
 */
public class FlightUnauthorizedError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with UNAUTHORIZED when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightUnauthorizedError(String message) {
    super(FlightStatusCode.UNAUTHORIZED, message);
  }

  /**
   * An error that fails a call with UNAUTHORIZED when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightUnauthorizedError(String message, Throwable cause) {
    super(FlightStatusCode.UNAUTHORIZED, message, cause);
  }

  FlightUnauthorizedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAUTHORIZED, grpcCode, message, cause, trailers);
  }
}
