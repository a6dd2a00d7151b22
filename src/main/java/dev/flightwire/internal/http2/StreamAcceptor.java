package dev.flightwire.internal.http2;

import io.netty.handler.codec.http2.Http2Headers;

/** Decides what to do with a new request stream on a server connection. Event-loop only. */
public interface StreamAcceptor {
  /**
   * Returns the listener for a new, already validated gRPC request, or null when the acceptor has
   * answered the stream itself (for example UNIMPLEMENTED).
   */
  StreamListener accept(ServerConnection connection, int streamId, Http2Headers headers, boolean endStream);
}
