package dev.flightwire;

/**
 * The call was cancelled (gRPC CANCELLED, 1). The client raises it locally after
 * {@link FlightStreamReader#cancel()}, and reports it when the server reset the call; server code
 * rarely throws it, but sees it in {@link dev.flightwire.middleware.ServerMiddleware#callCompleted}
 * when the client cancelled or went away.
 */
public class FlightCancelledError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with CANCELLED when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightCancelledError(String message) {
    super(FlightStatusCode.CANCELLED, message);
  }

  /**
   * An error that fails a call with CANCELLED when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightCancelledError(String message, Throwable cause) {
    super(FlightStatusCode.CANCELLED, message, cause);
  }

  FlightCancelledError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.CANCELLED, grpcCode, message, cause, trailers);
  }
}
