package dev.flightwire;

/**
 * The resource a call would create exists already (gRPC ALREADY_EXISTS, 6). For example, a
 * DoPut to a descriptor the service will not overwrite: throw it from server code.
 */
public class FlightAlreadyExistsError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with ALREADY_EXISTS when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightAlreadyExistsError(String message) {
    super(FlightStatusCode.ALREADY_EXISTS, message);
  }

  /**
   * An error that fails a call with ALREADY_EXISTS when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightAlreadyExistsError(String message, Throwable cause) {
    super(FlightStatusCode.ALREADY_EXISTS, message, cause);
  }

  FlightAlreadyExistsError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.ALREADY_EXISTS, grpcCode, message, cause, trailers);
  }
}
