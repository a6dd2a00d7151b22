package dev.flightwire;

/**
 * The server cannot be reached or cannot take the call now (gRPC UNAVAILABLE, 14;
 * RESOURCE_EXHAUSTED, FAILED_PRECONDITION and ABORTED are reported as this too, with the exact
 * code in {@link #grpcCode()}). The client raises it locally when it cannot connect, when its
 * connection closes before a call completes, and when the client itself is closed. A server
 * whose threads are all busy answers RESOURCE_EXHAUSTED, and either side fails a call with it for
 * a message above its {@code maxInboundMessageSize}; both arrive as this. Often worth retrying
 * later.
 */
public class FlightUnavailableError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with UNAVAILABLE when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightUnavailableError(String message) {
    super(FlightStatusCode.UNAVAILABLE, message);
  }

  /**
   * An error that fails a call with UNAVAILABLE when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightUnavailableError(String message, Throwable cause) {
    super(FlightStatusCode.UNAVAILABLE, message, cause);
  }

  FlightUnavailableError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNAVAILABLE, grpcCode, message, cause, trailers);
  }
}
