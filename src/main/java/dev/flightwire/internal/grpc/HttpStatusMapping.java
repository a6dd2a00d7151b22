package dev.flightwire.internal.grpc;

import io.netty.handler.codec.http2.Http2Error;

/**
 * The mapping tables between HTTP and gRPC (grpc/grpc doc/http-grpc-status-mapping.md and the
 * RST_STREAM table of PROTOCOL-HTTP2.md). Used only when no grpc-status arrived.
 */
public final class HttpStatusMapping {
  private HttpStatusMapping() {}

  /** The gRPC code for an HTTP response status that came without grpc-status. */
  public static GrpcStatusCode fromHttpStatus(int httpStatus) {
    switch (httpStatus) {
      case 400:
      case 431:
        return GrpcStatusCode.INTERNAL;
      case 401:
        return GrpcStatusCode.UNAUTHENTICATED;
      case 403:
        return GrpcStatusCode.PERMISSION_DENIED;
      case 404:
        return GrpcStatusCode.UNIMPLEMENTED;
      case 429:
      case 502:
      case 503:
      case 504:
        return GrpcStatusCode.UNAVAILABLE;
      default:
        return GrpcStatusCode.UNKNOWN;
    }
  }

  /** The status a client reports when the server resets a stream with {@code errorCode}. */
  public static GrpcStatus fromRstStream(long errorCode) {
    Http2Error error = Http2Error.valueOf(errorCode);
    if (error == null) {
      return GrpcStatus.of(GrpcStatusCode.INTERNAL, "stream reset with unknown error code " + errorCode);
    }
    switch (error) {
      case REFUSED_STREAM:
        return GrpcStatus.of(GrpcStatusCode.UNAVAILABLE, "stream refused by the server (REFUSED_STREAM)");
      case CANCEL:
        return GrpcStatus.of(GrpcStatusCode.CANCELLED, "stream cancelled by the server (RST_STREAM CANCEL)");
      case ENHANCE_YOUR_CALM:
        return GrpcStatus.of(GrpcStatusCode.RESOURCE_EXHAUSTED, "server says ENHANCE_YOUR_CALM");
      case INADEQUATE_SECURITY:
        return GrpcStatus.of(GrpcStatusCode.PERMISSION_DENIED, "server says INADEQUATE_SECURITY");
      default:
        return GrpcStatus.of(GrpcStatusCode.INTERNAL, "stream reset by the server with " + error);
    }
  }
}
