package dev.flightwire;

/**
 * A failed Flight call: the root of the exceptions this library throws for a non-OK status, one
 * subclass per {@link FlightStatusCode} (Flight.rst "Error Handling").
 *
 * <h2>On the client</h2>
 * Every call that ends with a non-OK gRPC status throws the subclass matching its code (see
 * {@link FlightStatusCode#fromGrpc}), whether the server sent the status or the client raised it
 * locally (a deadline, a lost connection, a malformed response). {@link #grpcCode()} keeps the
 * exact gRPC code, which is finer than {@link #code()} (RESOURCE_EXHAUSTED and UNAVAILABLE are both
 * {@link FlightStatusCode#UNAVAILABLE}); {@link #trailers()} holds the trailer metadata the server
 * sent with the status.
 *
 * <h2>On the server</h2>
 * Throw a subclass from a {@link FlightServerBase} method, an authentication handler or a
 * middleware factory to fail the call: the client receives {@code code().grpcCode()} and
 * {@link #getMessage()} (truncated beyond 4096 characters). The cause and {@link #trailers()} of a
 * thrown error are not sent; add trailers with
 * {@link ServerCallContext#addTrailer(String, String)} before throwing. Server code may also throw other exceptions: {@link IllegalArgumentException} is sent as
 * INVALID_ARGUMENT, {@link UnsupportedOperationException} as UNIMPLEMENTED, anything else as
 * UNKNOWN with the exception's {@code toString()} as the message.
 */
public class FlightError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The Flight status this error stands for. */
  private final FlightStatusCode code;
  /** The gRPC status code number (0-16 for known codes) as received or as it will be sent. */
  private final int grpcCode;
  /** Trailer metadata received with the status. Transient: a deserialized copy has none (null). */
  private final transient CallHeaders trailers;

  /**
   * An error with the given Flight status, to throw from server code (or a test double).
   *
   * @param code the status the call fails with; its {@link FlightStatusCode#grpcCode()} is sent
   * @param message the status message the client receives ({@code grpc-message})
   */
  public FlightError(FlightStatusCode code, String message) {
    this(code, message, null);
  }

  /**
   * An error with the given Flight status and a cause. Prefer the subclass of the status, so that
   * callers can catch it by type.
   *
   * @param code the status the call fails with; its {@link FlightStatusCode#grpcCode()} is sent
   * @param message the status message the client receives ({@code grpc-message})
   * @param cause the underlying failure, or null; kept for local logging, never sent to the client
   */
  public FlightError(FlightStatusCode code, String message, Throwable cause) {
    this(code, code.grpcCode(), message, cause, CallHeaders.EMPTY);
  }

  /**
   * For subclasses: an error with an exact gRPC code and trailer metadata, as the library builds
   * for a status received from the wire.
   *
   * @param code the Flight status, returned by {@link #code()}
   * @param grpcCode the gRPC status code number returned by {@link #grpcCode()}; a server that
   *     sends this error uses {@code code.grpcCode()} instead
   * @param message the status message
   * @param cause the underlying failure, or null
   * @param trailers trailer metadata returned by {@link #trailers()}, or null for none
   */
  protected FlightError(FlightStatusCode code, int grpcCode, String message, Throwable cause, CallHeaders trailers) {
    super(message, cause);
    this.code = code;
    this.grpcCode = grpcCode;
    this.trailers = trailers == null ? CallHeaders.EMPTY : trailers;
  }

  /**
   * The Flight status of the failure.
   *
   * @return the status code
   */
  public FlightStatusCode code() {
    return code;
  }

  /**
   * The exact gRPC status code of the call: for an error received from the wire, the code the
   * server sent (for example 8, RESOURCE_EXHAUSTED, where {@link #code()} says UNAVAILABLE); for
   * one created in code, {@code code().grpcCode()}.
   *
   * @return the gRPC status code number
   */
  public int grpcCode() {
    return grpcCode;
  }

  /**
   * The trailer metadata that came with the status, on the client side. Errors created in code
   * have none, and a server never sends the trailers of an error it throws.
   *
   * @return the trailers (read-only for received ones); empty when there are none, null only on a
   *     deserialized copy of the error
   */
  public CallHeaders trailers() {
    return trailers;
  }

  /**
   * The error for a gRPC status: an instance of the subclass that matches
   * {@link FlightStatusCode#fromGrpc(int) FlightStatusCode.fromGrpc(grpcCode)}, keeping the exact
   * code. This is how the client turns a received status into an exception; it is public for
   * adapters and tests. Not meant for OK (0), which becomes a {@link FlightServerError}.
   *
   * @param grpcCode the gRPC status code number
   * @param message the status message, or null for ""
   * @param trailers the trailer metadata that came with the status, or null for none
   * @param cause the local cause, or null
   * @return a new error of the matching subclass
   */
  public static FlightError fromStatus(int grpcCode, String message, CallHeaders trailers, Throwable cause) {
    FlightStatusCode code = FlightStatusCode.fromGrpc(grpcCode);
    String m = message == null ? "" : message;
    switch (code) {
      case INTERNAL:
        return new FlightInternalError(m, cause, grpcCode, trailers);
      case TIMED_OUT:
        return new FlightTimedOutError(m, cause, grpcCode, trailers);
      case CANCELLED:
        return new FlightCancelledError(m, cause, grpcCode, trailers);
      case UNAUTHENTICATED:
        return new FlightUnauthenticatedError(m, cause, grpcCode, trailers);
      case UNAUTHORIZED:
        return new FlightUnauthorizedError(m, cause, grpcCode, trailers);
      case UNAVAILABLE:
        return new FlightUnavailableError(m, cause, grpcCode, trailers);
      case INVALID_ARGUMENT:
        return new FlightInvalidArgumentError(m, cause, grpcCode, trailers);
      case NOT_FOUND:
        return new FlightNotFoundError(m, cause, grpcCode, trailers);
      case ALREADY_EXISTS:
        return new FlightAlreadyExistsError(m, cause, grpcCode, trailers);
      case UNIMPLEMENTED:
        return new FlightUnimplementedError(m, cause, grpcCode, trailers);
      default:
        return new FlightServerError(m, cause, grpcCode, trailers);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + " [" + code + "]: " + getMessage();
  }
}
