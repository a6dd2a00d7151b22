package dev.flightwire.internal.grpc;

import dev.flightwire.CallHeaders;
import java.util.Objects;

/**
 * A gRPC status as it travels in trailers: code, human-readable message (not yet percent-encoded)
 * and the extra trailer metadata that belongs to it. Immutable.
 */
public final class GrpcStatus {
  public static final GrpcStatus OK = new GrpcStatus(GrpcStatusCode.OK, "", CallHeaders.EMPTY, null);

  private final GrpcStatusCode code;
  private final String message;
  private final CallHeaders trailers;
  private final Throwable cause;

  private GrpcStatus(GrpcStatusCode code, String message, CallHeaders trailers, Throwable cause) {
    this.code = Objects.requireNonNull(code, "code");
    this.message = message == null ? "" : message;
    this.trailers = trailers == null ? CallHeaders.EMPTY : trailers;
    this.cause = cause;
  }

  public static GrpcStatus of(GrpcStatusCode code, String message) {
    return new GrpcStatus(code, message, CallHeaders.EMPTY, null);
  }

  public static GrpcStatus of(GrpcStatusCode code, String message, CallHeaders trailers, Throwable cause) {
    return new GrpcStatus(code, message, trailers, cause);
  }

  public GrpcStatusCode code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** Trailer metadata that came with (or goes with) this status, without the grpc-* keys. */
  public CallHeaders trailers() {
    return trailers;
  }

  public Throwable cause() {
    return cause;
  }

  public boolean isOk() {
    return code == GrpcStatusCode.OK;
  }

  public GrpcStatusException asException() {
    return new GrpcStatusException(this);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? code.name() : code + ": " + message;
  }
}
