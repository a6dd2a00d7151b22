package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Tells its endpoint whenever a DATA or HEADERS frame goes to the wire. gRPC's ping policy forgives
 * a ping that follows data the server sent; a message queued in the flow controller is written
 * over many frames long after it was queued, so only the frames themselves tell. Event-loop only.
 */
final class ActivityFrameWriter extends DecoratingHttp2FrameWriter {
  /** Runs for each DATA or HEADERS frame written; set once the endpoint exists. */
  Runnable onDataOrHeaders = () -> { };

  ActivityFrameWriter(Http2FrameWriter delegate) {
    super(delegate);
  }

  @Override
  public ChannelFuture writeData(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
      boolean endStream, ChannelPromise promise) {
    onDataOrHeaders.run();
    return super.writeData(ctx, streamId, data, padding, endStream, promise);
  }

  @Override
  public ChannelFuture writeHeaders(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endStream, ChannelPromise promise) {
    onDataOrHeaders.run();
    return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
  }

  @Override
  public ChannelFuture writeHeaders(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endStream, ChannelPromise promise) {
    onDataOrHeaders.run();
    return super.writeHeaders(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream,
        promise);
  }
}
