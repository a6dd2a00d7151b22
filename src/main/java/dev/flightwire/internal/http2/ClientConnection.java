package dev.flightwire.internal.http2;

import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * The client end of a connection that carries calls: an HTTP/2 connection
 * ({@link ClientHttp2Handler}) or an in-process one. Event-loop only unless stated.
 */
public interface ClientConnection extends StreamTransport {
  /**
   * Opens a stream with its request headers. Returns the stream id, or -1 when the connection
   * takes no new streams (then {@code promise} is failed). Event-loop only.
   */
  int startStream(StreamListener listener, Http2Headers headers, boolean endStream, ChannelPromise promise);

  /** The largest request header list the server accepts (bytes as HTTP/2 counts them). Any thread. */
  long peerMaxHeaderListSize();

  /** True once the connection takes no new calls (it was told to drain, or it closed). Any thread. */
  boolean isDraining();

  /** Closes the connection now; its open calls fail. Event-loop only. */
  void closeConnection();
}
