package dev.flightwire.internal.http2;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2FrameWriter;

/**
 * Bounds the control frames a peer makes a server write without reading them: SETTINGS ACKs, PING
 * ACKs and RST_STREAMs. A frame writer, not an encoder, because Netty's connection handler writes
 * its resets straight to the frame writer. Each is counted from its write until the socket took it; when
 * {@code limit} are outstanding (after one flush to be sure), {@link #onExceeded} runs (the server
 * ends the connection) and every further control frame is refused, so memory does not grow with a
 * flood the peer never reads.
 *
 * <p>Event-loop only.
 */
final class ControlFrameLimit extends DecoratingHttp2FrameWriter {
  private final int limit;
  private int outstanding;
  private final ChannelFutureListener written = f -> outstanding--;
  private boolean exceeded;
  /** Runs once, when the limit is reached. */
  Runnable onExceeded = () -> {};

  ControlFrameLimit(Http2FrameWriter delegate, int limit) {
    super(delegate);
    this.limit = limit;
  }

  @Override
  public ChannelFuture writeSettingsAck(ChannelHandlerContext ctx, ChannelPromise promise) {
    ChannelPromise p = admit(ctx, promise);
    return p == null ? promise : super.writeSettingsAck(ctx, p);
  }

  @Override
  public ChannelFuture writePing(ChannelHandlerContext ctx, boolean ack, long data, ChannelPromise promise) {
    if (!ack) {
      return super.writePing(ctx, false, data, promise); // our own pings are few
    }
    ChannelPromise p = admit(ctx, promise);
    return p == null ? promise : super.writePing(ctx, true, data, p);
  }

  @Override
  public ChannelFuture writeRstStream(ChannelHandlerContext ctx, int streamId, long errorCode,
      ChannelPromise promise) {
    ChannelPromise p = admit(ctx, promise);
    return p == null ? promise : super.writeRstStream(ctx, streamId, errorCode, p);
  }

  /** The promise to write with, counted; or null (and {@code promise} failed) when over the limit. */
  private ChannelPromise admit(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!exceeded && outstanding >= limit) {
      ctx.flush(); // what the socket can take now no longer counts
      if (outstanding >= limit) {
        exceeded = true;
        onExceeded.run();
      }
    }
    if (exceeded) {
      promise.tryFailure(new IllegalStateException("more than " + limit + " control frames unread by the peer"));
      return null;
    }
    ChannelPromise p = promise.unvoid();
    outstanding++;
    p.addListener(written);
    return p;
  }
}
