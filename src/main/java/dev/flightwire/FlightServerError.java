package dev.flightwire;

/**
 * The server failed with an error of no specific kind (gRPC UNKNOWN, 2, and any code outside
 * 1-16). An exception that server code throws and that is neither a {@link FlightError}, an
 * {@link IllegalArgumentException} nor an {@link UnsupportedOperationException} reaches the client
 * as this, with the exception's {@code toString()} as its message.
 */
public class FlightServerError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with UNKNOWN when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightServerError(String message) {
    super(FlightStatusCode.UNKNOWN, message);
  }

  /**
   * An error that fails a call with UNKNOWN when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightServerError(String message, Throwable cause) {
    super(FlightStatusCode.UNKNOWN, message, cause);
  }

  FlightServerError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNKNOWN, grpcCode, message, cause, trailers);
  }
}
