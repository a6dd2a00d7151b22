package dev.flightwire;

/**
 * Flight status codes (Flight.rst "Error Handling") with the gRPC code each is sent as, the mapping
 * Arrow C++ uses.
 */
public enum FlightStatusCode {
  UNKNOWN(2),
  INTERNAL(13),
  INVALID_ARGUMENT(3),
  TIMED_OUT(4),
  NOT_FOUND(5),
  ALREADY_EXISTS(6),
  CANCELLED(1),
  UNAUTHENTICATED(16),
  UNAUTHORIZED(7),
  UNIMPLEMENTED(12),
  UNAVAILABLE(14);

  private final int grpcCode;

  FlightStatusCode(int grpcCode) {
    this.grpcCode = grpcCode;
  }

  /** The gRPC status code this Flight code is sent as. */
  public int grpcCode() {
    return grpcCode;
  }

  /**
   * The Flight code for a received gRPC code, as Arrow C++ maps it: RESOURCE_EXHAUSTED,
   * FAILED_PRECONDITION and ABORTED become UNAVAILABLE, OUT_OF_RANGE becomes INVALID_ARGUMENT,
   * DATA_LOSS becomes INTERNAL.
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
