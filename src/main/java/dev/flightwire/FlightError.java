package dev.flightwire;

/**
 * A failed Flight call. Thrown by the client for every non-OK status, and thrown by server code to
 * fail a call with a chosen status. The subclass says which status; {@link #grpcCode()} keeps the
 * exact gRPC code that travelled on the wire, {@link #trailers()} any trailer metadata.
 *
 * <p>Server code may also throw other exceptions: {@link IllegalArgumentException} is sent as
 * INVALID_ARGUMENT, {@link UnsupportedOperationException} as UNIMPLEMENTED, anything else as
 * UNKNOWN with the exception's text.
 */
public class FlightError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final FlightStatusCode code;
  private final int grpcCode;
  private final transient CallHeaders trailers;

  public FlightError(FlightStatusCode code, String message) {
    this(code, message, null);
  }

  public FlightError(FlightStatusCode code, String message, Throwable cause) {
    this(code, code.grpcCode(), message, cause, CallHeaders.EMPTY);
  }

  protected FlightError(FlightStatusCode code, int grpcCode, String message, Throwable cause, CallHeaders trailers) {
    super(message, cause);
    this.code = code;
    this.grpcCode = grpcCode;
    this.trailers = trailers == null ? CallHeaders.EMPTY : trailers;
  }

  public FlightStatusCode code() {
    return code;
  }

  /** The gRPC status code of the call. */
  public int grpcCode() {
    return grpcCode;
  }

  /** Trailer metadata that came with the error (client side), empty if none. */
  public CallHeaders trailers() {
    return trailers;
  }

  /** The error for a status received from the wire: the subclass that matches the code. */
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
