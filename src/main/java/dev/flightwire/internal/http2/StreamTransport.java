package dev.flightwire.internal.http2;

import dev.flightwire.internal.grpc.GatherBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.SocketAddress;

/**
 * What the call layer may do with the HTTP/2 connection that carries its stream. Methods marked
 * event-loop only must be called on {@link #eventLoop()}; application threads go through
 * {@link #writeQueue()}.
 */
public interface StreamTransport {
  EventLoop eventLoop();

  WriteQueue writeQueue();

  ByteBufAllocator alloc();

  Http2Config config();

  /**
   * True when messages leave the process as bytes (a socket). False for the in-process transport,
   * which hands the receiver the sender's buffers: leaving a bitmap out saves nothing there, and
   * the receiver would allocate one in its place.
   */
  default boolean sendsBytes() {
    return true;
  }

  /** The connection's budget for buffers of messages not yet received. Event-loop only. */
  GatherBudget gatherBudget();

  /**
   * The bound on inbound bytes buffered, shared by every connection of a server
   * ({@link InboundBudget#UNLIMITED} on a client). Any thread.
   */
  default InboundBudget inboundBudget() {
    return InboundBudget.UNLIMITED;
  }

  SocketAddress remoteAddress();

  ChannelPromise newPromise();

  /** Returns {@code bytes} of stream {@code streamId} to the receive windows. Event-loop only. */
  void consumeBytes(int streamId, int bytes);

  /** Event-loop only. */
  void writeHeaders(int streamId, Http2Headers headers, boolean endStream, ChannelPromise promise);

  /** Takes ownership of {@code data}, released on every path. Event-loop only. */
  void writeData(int streamId, ByteBuf data, boolean endStream, ChannelPromise promise);

  /** Resets the stream if it is still open. Event-loop only. */
  void writeRst(int streamId, Http2Error error);

  /**
   * Whether written messages reach the peer by reference (the in-process transport) rather than
   * as bytes on a socket: memory a message references is then the receiver's to read after the
   * write completes, so a writer that will reuse that memory must send a copy. Any thread.
   */
  default boolean passesByReference() {
    return false;
  }
}
