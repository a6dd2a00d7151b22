package dev.flightwire;

/**
 * The server does not implement the method or action (gRPC UNIMPLEMENTED, 12). The default
 * methods of {@link FlightServerBase} throw it; an {@link UnsupportedOperationException} thrown by
 * server code is sent with this status as well.
 */
public class FlightUnimplementedError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with UNIMPLEMENTED when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightUnimplementedError(String message) {
    super(FlightStatusCode.UNIMPLEMENTED, message);
  }

  /**
   * An error that fails a call with UNIMPLEMENTED when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightUnimplementedError(String message, Throwable cause) {
    super(FlightStatusCode.UNIMPLEMENTED, message, cause);
  }

  FlightUnimplementedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNIMPLEMENTED, grpcCode, message, cause, trailers);
  }
}
