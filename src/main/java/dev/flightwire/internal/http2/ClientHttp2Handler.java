package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Client side of one HTTP/2 connection. Streams are opened with {@link #startStream}; streams
 * beyond the server's MAX_CONCURRENT_STREAMS wait in Netty's {@code StreamBufferingEncoder} until
 * a slot frees up. After a GOAWAY the connection accepts no new calls ({@link #isDraining()}); the
 * owner opens a new one.
 *
 * <p>Not thread-safe; event-loop only, except {@link #isDraining()}.
 */
public final class ClientHttp2Handler extends Http2Endpoint {
  private volatile boolean draining;

  public ClientHttp2Handler(Http2Config config) {
    super(new Parts(false, config), settings(config, false), config);
  }

  /**
   * Opens a stream by writing its request headers. Returns the stream id, or -1 when the
   * connection takes no new streams (then {@code promise} is failed). Event-loop only.
   */
  public int startStream(StreamListener listener, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    if (draining || !ctx.channel().isActive()) {
      promise.tryFailure(new IllegalStateException("connection is closing"));
      return -1;
    }
    int id;
    try {
      id = connection().local().incrementAndGetNextStreamId();
    } catch (RuntimeException e) {
      promise.tryFailure(e);
      return -1;
    }
    if (id < 0) {
      draining = true;
      promise.tryFailure(new IllegalStateException("stream ids exhausted"));
      return -1;
    }
    register(id, listener);
    promise.addListener(f -> {
      if (!f.isSuccess()) {
        StreamListener l = streams.remove(id);
        if (l != null) {
          l.onClosed();
        }
      }
    });
    encoder().writeHeaders(ctx, id, headers, 0, endStream, promise);
    return id;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) throws Http2Exception {
    StreamListener l = streams.get(streamId);
    if (l != null) {
      l.onHeaders(headers, endOfStream);
    }
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    draining = true;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    draining = true;
    super.channelInactive(ctx);
  }

  /** Closes the connection now (GOAWAY, then close). Event-loop only. */
  public void closeConnection() {
    draining = true;
    gracefulShutdownTimeoutMillis(0);
    ctx.channel().close();
  }

  /** True once the connection takes no new calls (GOAWAY received or closed). */
  public boolean isDraining() {
    return draining;
  }
}
