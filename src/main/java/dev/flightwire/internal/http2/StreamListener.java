package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;

/** Receives the frames of one HTTP/2 stream. All methods run on the event loop. */
public interface StreamListener {
  /** A HEADERS block (after the first one for a server: trailers). */
  void onHeaders(Http2Headers headers, boolean endStream);

  /**
   * DATA bytes, borrowed for the duration of the call. None of them is returned to the flow
   * controller by the transport: the listener returns them through
   * {@link StreamTransport#consumeBytes} (padding included) when it has consumed them.
   */
  void onData(ByteBuf data, int padding, boolean endStream);

  /**
   * One whole gRPC message, framed (5-byte prefix and payload), from a transport that passes
   * messages by reference; takes ownership of {@code framed}. Its bytes count against the
   * windows like DATA until consumed. By default it is handled as DATA.
   */
  default void onFramedMessage(ByteBuf framed) {
    try {
      onData(framed, 0, false);
    } finally {
      framed.release();
    }
  }

  /** The peer reset the stream. */
  void onReset(long errorCode);

  /** The stream is closed, normally or not, or the connection went away. Called once, last. */
  void onClosed();

  /**
   * Writing the request headers that open this (client) stream failed, for {@code cause}; the
   * stream never existed. Called instead of {@link #onClosed}; by default it is just that.
   */
  default void onStartFailed(Throwable cause) {
    onClosed();
  }

  /**
   * The peer never processed this stream: a GOAWAY whose last stream id is below it, or a
   * REFUSED_STREAM reset, or it was never sent. Comes just before the close or reset that ends it.
   * Event-loop only.
   */
  default void onRefused() {}
}
