package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2RemoteFlowController;

/**
 * One gRPC message queued in the HTTP/2 remote flow controller, written as DATA frames (sliced
 * from the message, never copied) as the peer's windows allow.
 *
 * <p>Why not {@code Http2ConnectionEncoder.writeData}: its queued data merges with the next write
 * on the same stream, and one flow-controller write then composes a whole window of messages into
 * a single CompositeByteBuf. Every frame is a slice of it, and the epoll channel asks each slice
 * {@code isDirect()} and {@code nioBufferCount()}, which walk all components: with small batches
 * (thousands of components) that was a third of the sending CPU. A MessageWrite never merges, so
 * a frame is a slice of one message.
 *
 * <p>Takes ownership of the message; the promise completes when every frame is written, or fails
 * with the first error. Event-loop only. Never ends the stream.
 */
final class MessageWrite implements Http2RemoteFlowController.FlowControlled, ChannelFutureListener {
  private final Http2FrameWriter frameWriter;
  private final int streamId;
  private final ByteBuf data;
  private final ChannelPromise promise;
  private int pendingWrites;
  private Throwable failure;

  MessageWrite(Http2FrameWriter frameWriter, int streamId, ByteBuf data, ChannelPromise promise) {
    this.frameWriter = frameWriter;
    this.streamId = streamId;
    this.data = data;
    this.promise = promise;
  }

  @Override
  public int size() {
    return data.readableBytes();
  }

  @Override
  public void error(ChannelHandlerContext ctx, Throwable cause) {
    if (data.refCnt() > 0) {
      data.release();
    }
    failure = cause;
    promise.tryFailure(cause);
  }

  @Override
  public void writeComplete() {
    if (data.isReadable()) {
      return;
    }
    if (data.refCnt() > 0) {
      data.release();
    }
    completeIfDone();
  }

  @Override
  public void write(ChannelHandlerContext ctx, int allowedBytes) {
    int n = Math.min(data.readableBytes(), allowedBytes);
    if (n == 0) {
      return;
    }
    ByteBuf chunk = data.readRetainedSlice(n);
    pendingWrites++;
    ChannelPromise p = ctx.newPromise();
    p.addListener(this);
    frameWriter.writeData(ctx, streamId, chunk, 0, false, p);
  }

  @Override
  public boolean merge(ChannelHandlerContext ctx, Http2RemoteFlowController.FlowControlled next) {
    return false;
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    pendingWrites--;
    if (!future.isSuccess() && failure == null) {
      failure = future.cause();
    }
    completeIfDone();
  }

  private void completeIfDone() {
    if (pendingWrites > 0 || data.isReadable() && failure == null) {
      return;
    }
    if (failure != null) {
      promise.tryFailure(failure);
    } else {
      promise.trySuccess();
    }
  }
}
