package dev.flightwire.internal.http2.testing;


import dev.flightwire.CallHeaders;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.http2.ClientHttp2Handler;
import dev.flightwire.internal.http2.Http2Config;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/**
 * A client connection on an {@link EmbeddedChannel}: the production {@link ClientHttp2Handler},
 * calls opened as {@code ClientCalls} opens them ({@link ClientStream}), and an {@link Http2Peer}
 * to play the server. The test thread is the event loop: pending tasks run when the peer sends or
 * reads frames, so a test reads a call only once what it reads has arrived.
 *
 * <p>Every buffer comes from one unpooled allocator of its own, so {@link #close()} can check that
 * the connection left no byte allocated.
 */
public final class EmbeddedClient implements AutoCloseable {
  public final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
  public final EmbeddedChannel channel;
  public final ClientHttp2Handler handler;
  public final Http2Peer peer;

  public EmbeddedClient(Http2Config config) {
    this.channel = new EmbeddedChannel(false, false);
    channel.config().setAllocator(alloc);
    this.handler = new ClientHttp2Handler(config, true);
    this.peer = EmbeddedServer.install(channel, handler);
  }

  /**
   * The server's side of the handshake: its SETTINGS and the ACK of the client's; returns what the
   * client wrote so far (the preface, its SETTINGS, window, ACK).
   */
  public List<String> handshake() {
    peer.settings(new io.netty.handler.codec.http2.Http2Settings()).settingsAck().send();
    return peer.frames();
  }

  /**
   * Opens a call to {@code path} with one request message (sent with END_STREAM), as a unary call
   * is opened. Returns the call; its frames are on the wire once {@link Http2Peer#frames()} runs.
   */
  public ClientStream call(String path, byte[] request, long timeoutNanos) {
    ClientStream s = new ClientStream(handler);
    ByteBuf m = alloc.buffer(request.length).writeBytes(request);
    s.start(ClientStream.requestHeaders("localhost", "http", path, CallHeaders.EMPTY, timeoutNanos, "test"), m,
        timeoutNanos);
    return s;
  }

  /** Closes the connection (open calls fail), drops what it still wrote, checks that nothing is left allocated. */
  @Override
  public void close() {
    EmbeddedServer.closeAndCheck(channel, peer, alloc);
  }
}
