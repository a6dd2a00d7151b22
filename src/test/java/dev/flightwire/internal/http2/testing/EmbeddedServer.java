package dev.flightwire.internal.http2.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.http2.StreamAcceptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A server connection on an {@link EmbeddedChannel}: the production {@link ServerHttp2Handler}
 * with an acceptor that opens a {@link ServerStream} for every gRPC request (as the dispatcher
 * does, without running any handler), and an {@link Http2Peer} to play the client. The test thread
 * is the event loop: pending tasks run when the peer sends or reads frames.
 *
 * <p>Every buffer (frames in, frames out, messages) comes from one unpooled allocator of its own,
 * so {@link #close()} can check that the connection left no byte allocated.
 */
public final class EmbeddedServer implements AutoCloseable {
  public final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
  public final EmbeddedChannel channel;
  public final ServerHttp2Handler handler;
  public final Http2Peer peer;
  /** The calls accepted, in order. */
  public final List<ServerStream> calls = new ArrayList<>();

  /**
   * Limits for a test: frames of 16 KiB, no handshake or idle timer.
   *
   * @param streamWindow INITIAL_WINDOW_SIZE the server advertises
   * @param connectionWindow the server's connection receive window
   * @param maxMessage largest gRPC message accepted
   */
  public static Http2Config config(int streamWindow, int connectionWindow, int maxMessage) {
    return new Http2Config(streamWindow, connectionWindow, 16_384, 16_384, maxMessage, 100, 1 << 20, 0, 0);
  }

  /** A server that accepts every well-formed gRPC request as a call without a deadline. */
  public EmbeddedServer(Http2Config config) {
    this.channel = new EmbeddedChannel(false, false);
    channel.config().setAllocator(alloc);
    StreamAcceptor acceptor = (connection, streamId, headers, endStream) -> {
      ServerStream call = new ServerStream(connection, streamId, headers, -1);
      calls.add(call);
      return call;
    };
    this.handler = new ServerHttp2Handler(config, acceptor);
    this.peer = install(channel, handler);
  }

  /** Adds {@code handler} to {@code channel}, registers the channel (which starts the connection) and returns its peer. */
  static Http2Peer install(EmbeddedChannel channel, io.netty.channel.ChannelHandler handler) {
    channel.pipeline().addLast(handler);
    try {
      channel.register();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return new Http2Peer(channel);
  }

  /** The {@code i}th call accepted (0 first). */
  public ServerStream call(int i) {
    return calls.get(i);
  }

  /**
   * Sends the client preface and acknowledges the server's SETTINGS (which take effect for the
   * server only then: until the ACK its streams have the protocol's window of 65535); returns
   * what the server wrote so far (its SETTINGS, window, ACK).
   */
  public List<String> handshake() {
    peer.preface().settingsAck().send();
    return peer.frames();
  }

  /**
   * Releases a message taken from a call after checking its bytes. Takes ownership of {@code message}.
   */
  public static void assertMessage(byte[] expected, ByteBuf message) {
    try {
      byte[] got = new byte[message.readableBytes()];
      message.getBytes(message.readerIndex(), got);
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got);
    } finally {
      message.release();
    }
  }

  /**
   * Closes the connection (calls still open are cancelled), drops what it still wrote, and checks
   * that nothing allocated for it is left: every inbound slice, gathering buffer and queued
   * message was released.
   */
  @Override
  public void close() {
    closeAndCheck(channel, peer, alloc);
  }

  /**
   * Closes {@code channel} (calls still open fail), drops what it still wrote, and checks that
   * nothing {@code alloc} gave out for the connection is left allocated.
   */
  static void closeAndCheck(io.netty.channel.embedded.EmbeddedChannel channel, Http2Peer peer,
      io.netty.buffer.UnpooledByteBufAllocator alloc) {
    channel.close();
    channel.runPendingTasks();
    peer.frames();
    channel.finishAndReleaseAll();
    peer.close();
    org.junit.jupiter.api.Assertions.assertEquals(0, alloc.metric().usedDirectMemory(), "direct bytes still allocated");
    org.junit.jupiter.api.Assertions.assertEquals(0, alloc.metric().usedHeapMemory(), "heap bytes still allocated");
  }
}
