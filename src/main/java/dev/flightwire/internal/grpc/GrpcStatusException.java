package dev.flightwire.internal.grpc;

/** Carries a {@link GrpcStatus} through internal layers; the public API converts it to a FlightError. */
public final class GrpcStatusException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient GrpcStatus status;

  public GrpcStatusException(GrpcStatus status) {
    super(status.toString(), status.cause(), false, false);
    this.status = status;
  }

  public static GrpcStatusException of(GrpcStatusCode code, String message) {
    return new GrpcStatusException(GrpcStatus.of(code, message));
  }

  public GrpcStatus status() {
    return status;
  }
}
