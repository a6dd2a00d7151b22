package dev.flightwire.internal.http2;

import dev.flightwire.internal.grpc.GrpcStatusCode;

/**
 * The server end of a connection that carries calls: an HTTP/2 connection
 * ({@link ServerHttp2Handler}) or an in-process one. Event-loop only unless stated.
 */
public interface ServerConnection extends StreamTransport {
  /** Answers a request with a Trailers-Only gRPC error. Event-loop only. */
  void respondGrpcError(int streamId, GrpcStatusCode code, String message);

  /** Answers a request in a message encoding this server cannot read (UNIMPLEMENTED). Event-loop only. */
  void respondUnsupportedEncoding(int streamId, CharSequence encoding);

  /** The subject of the client certificate verified on this connection, or null (no TLS, no certificate). Any thread. */
  String peerSubject();

  /** The common name of that certificate, else its whole subject, or null. Any thread. */
  String peerCommonName();
}
