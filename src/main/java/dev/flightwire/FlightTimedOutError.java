package dev.flightwire;

/**
 * The call's deadline passed (gRPC DEADLINE_EXCEEDED, 4). The client raises it locally when
 * the timeout of {@link FlightCallOptions} expires (the stream is reset), and reports it when the
 * server enforced the deadline first; {@link FlightClient#pollFlightInfoUntilComplete} raises it
 * when the query expires.
 */
public class FlightTimedOutError extends FlightError {
  private static final long serialVersionUID = 1L;

  /**
   * An error that fails a call with TIMED_OUT when server code throws it.
   *
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightTimedOutError(String message) {
    super(FlightStatusCode.TIMED_OUT, message);
  }

  /**
   * An error that fails a call with TIMED_OUT when server code throws it, keeping its cause.
   *
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightTimedOutError(String message, Throwable cause) {
    super(FlightStatusCode.TIMED_OUT, message, cause);
  }

  FlightTimedOutError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.TIMED_OUT, grpcCode, message, cause, trailers);
  }
}
