package dev.flightwire;

/**
 * Flight status codes (Flight.rst "Error Handling"), each with the gRPC status code it is sent as;
 * the mapping in both directions is the one Arrow C++ uses, so errors keep their meaning between
 * flightwire, pyarrow and Arrow Java. Each code has a {@link FlightError} subclass.
 */
public enum FlightStatusCode {
  /** An error of no specific kind ({@link FlightServerError}); sent as gRPC UNKNOWN (2). */
  UNKNOWN(2),
  /** An internal error ({@link FlightInternalError}); sent as gRPC INTERNAL (13). */
  INTERNAL(13),
  /** A bad request ({@link FlightInvalidArgumentError}); sent as gRPC INVALID_ARGUMENT (3). */
  INVALID_ARGUMENT(3),
  /** The deadline passed ({@link FlightTimedOutError}); sent as gRPC DEADLINE_EXCEEDED (4). */
  TIMED_OUT(4),
  /** No such flight or resource ({@link FlightNotFoundError}); sent as gRPC NOT_FOUND (5). */
  NOT_FOUND(5),
  /**
   * The resource exists already ({@link FlightAlreadyExistsError});
   * sent as gRPC ALREADY_EXISTS (6).
   */
  ALREADY_EXISTS(6),
  /** The call was cancelled ({@link FlightCancelledError}); sent as gRPC CANCELLED (1). */
  CANCELLED(1),
  /**
   * Missing or invalid credentials ({@link FlightUnauthenticatedError});
   * sent as gRPC UNAUTHENTICATED (16).
   */
  UNAUTHENTICATED(16),
  /**
   * Not allowed for this caller ({@link FlightUnauthorizedError});
   * sent as gRPC PERMISSION_DENIED (7).
   */
  UNAUTHORIZED(7),
  /**
   * The method or action is not offered ({@link FlightUnimplementedError});
   * sent as gRPC UNIMPLEMENTED (12).
   */
  UNIMPLEMENTED(12),
  /**
   * The server cannot take the call now ({@link FlightUnavailableError});
   * sent as gRPC UNAVAILABLE (14).
   */
  UNAVAILABLE(14);

  private final int grpcCode;

  FlightStatusCode(int grpcCode) {
    this.grpcCode = grpcCode;
  }

  /**
   * The gRPC status code this Flight code is sent as.
   *
   * @return the gRPC status code number, 1-16
   */
  public int grpcCode() {
    return grpcCode;
  }

  /**
   * The Flight code for a received gRPC code, as Arrow C++ maps it: each code sent by
   * {@link #grpcCode()} maps back to its Flight code; RESOURCE_EXHAUSTED, FAILED_PRECONDITION and
   * ABORTED become UNAVAILABLE, OUT_OF_RANGE becomes INVALID_ARGUMENT, DATA_LOSS becomes INTERNAL,
   * and anything else (OK included) becomes UNKNOWN.
   *
   * @param code a gRPC status code number
   * @return the Flight code it is reported as; never null
   */
  public static FlightStatusCode fromGrpc(int code) {
    switch (code) {
      case 1:
        return CANCELLED;
      case 3:
      case 11:
        return INVALID_ARGUMENT;
      case 4:
        return TIMED_OUT;
      case 5:
        return NOT_FOUND;
      case 6:
        return ALREADY_EXISTS;
      case 7:
        return UNAUTHORIZED;
      case 8:
      case 9:
      case 10:
      case 14:
        return UNAVAILABLE;
      case 12:
        return UNIMPLEMENTED;
      case 13:
      case 15:
        return INTERNAL;
      case 16:
        return UNAUTHENTICATED;
      default:
        return UNKNOWN;
    }
  }
}
