package dev.flightwire.internal.grpc;

/** The seventeen gRPC status codes (grpc/grpc doc/statuscodes.md), with their wire values. */
public enum GrpcStatusCode {
  OK(0),
  CANCELLED(1),
  UNKNOWN(2),
  INVALID_ARGUMENT(3),
  DEADLINE_EXCEEDED(4),
  NOT_FOUND(5),
  ALREADY_EXISTS(6),
  PERMISSION_DENIED(7),
  RESOURCE_EXHAUSTED(8),
  FAILED_PRECONDITION(9),
  ABORTED(10),
  OUT_OF_RANGE(11),
  UNIMPLEMENTED(12),
  INTERNAL(13),
  UNAVAILABLE(14),
  DATA_LOSS(15),
  UNAUTHENTICATED(16);

  private static final GrpcStatusCode[] BY_VALUE = values();
  private final int value;

  GrpcStatusCode(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  /** The code for a wire value; values outside 0..16 are UNKNOWN, as gRPC requires. */
  public static GrpcStatusCode fromValue(int value) {
    return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
  }

  /**
   * Parses the {@code grpc-status} header value: a decimal without sign or leading zeros. Anything
   * else is UNKNOWN (gRPC's rule for an unparsable status).
   */
  public static GrpcStatusCode parse(CharSequence text) {
    if (text == null || text.length() == 0 || text.length() > 2) {
      return UNKNOWN;
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return UNKNOWN;
      }
      v = v * 10 + (c - '0');
    }
    return fromValue(v);
  }
}
