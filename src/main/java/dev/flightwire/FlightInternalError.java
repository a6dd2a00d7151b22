package dev.flightwire;

/**
 * An internal error in the service, the Flight implementation or its transport (gRPC
 * INTERNAL, 13; DATA_LOSS, 15, is reported as this too). The client raises it locally for a
 * malformed or incomplete response: a message that does not parse, a stream that ends without a
 * {@code grpc-status}, a record batch before the schema.
 */
public class FlightInternalError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with INTERNAL when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightInternalError(String message) {
    super(FlightStatusCode.INTERNAL, message);
  }

  /**
   * An error that fails a call with INTERNAL when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightInternalError(String message, Throwable cause) {
    super(FlightStatusCode.INTERNAL, message, cause);
  }

  FlightInternalError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.INTERNAL, grpcCode, message, cause, trailers);
  }
}
