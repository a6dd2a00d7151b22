package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC's transparent retry: a call the server refused with GOAWAY before processing it (its
 * stream id above the GOAWAY's last stream id) is sent again once on a new connection; a call
 * the server took is never retried.
 */
class GoAwayRetryTest {
  private EventLoopGroup group;
  private Channel server;
  private BufferAllocator allocator;
  /** Connections whose calls the raw server answers; the ones before it refuse (or drop) calls. */
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger callsSeen = new AtomicInteger();

  /**
   * A raw HTTP/2 server. On each of its first {@code badConnections} connections, the first call
   * gets GOAWAY(lastStreamId = {@code goAwayLast}, or the call's own stream id when negative) and,
   * when that covers the call, a dropped connection; later connections answer every call Trailers-Only NOT_FOUND "answered on
   * connection N".
   */
  private void start(int badConnections, int goAwayLast) throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            int n = connections.incrementAndGet();
            Listener l = new Listener(n, n <= badConnections, goAwayLast);
            Http2ConnectionHandler h = new Http2ConnectionHandlerBuilder().server(true).frameListener(l).build();
            h.gracefulShutdownTimeoutMillis(0);
            l.handler = h;
            ch.pipeline().addLast(h);
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  private final class Listener extends Http2FrameAdapter {
    final int connection;
    final boolean refuse;
    final int goAwayLast;
    Http2ConnectionHandler handler;

    Listener(int connection, boolean refuse, int goAwayLast) {
      this.connection = connection;
      this.refuse = refuse;
      this.goAwayLast = goAwayLast;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endStream) {
      onHeadersRead(ctx, streamId, headers, padding, endStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endStream) {
      callsSeen.incrementAndGet();
      if (refuse) {
        int last = goAwayLast < 0 ? streamId : goAwayLast;
        handler.goAway(ctx, last, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
        ctx.flush();
        if (last >= streamId) {
          ctx.channel().close(); // it took the call, then went away
        }
        return;
      }
      Http2Headers answer = new DefaultHttp2Headers().status("200").set("content-type", "application/grpc")
          .set("grpc-status", "5").set("grpc-message", "answered on connection " + connection);
      handler.encoder().writeHeaders(ctx, streamId, answer, 0, true, ctx.newPromise());
      ctx.flush();
    }
  }

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
    allocator.close();
  }

  private FlightClient client() {
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    return FlightClient.connect(Location.forGrpcTcp("127.0.0.1", port),
        FlightClientOptions.builder().allocator(allocator).build());
  }

  @Test
  void aCallRefusedByGoAwayIsRetriedOnceOnANewConnection() throws Exception {
    start(1, 0);
    try (FlightClient client = client()) {
      FlightNotFoundError e = assertThrows(FlightNotFoundError.class,
          () -> client.getFlightInfo(FlightDescriptor.forPath("x")));
      assertEquals("answered on connection 2", e.getMessage());
      assertEquals(2, connections.get());
      assertEquals(2, callsSeen.get());
    }
  }

  @Test
  void aSecondRefusalIsNotRetriedAgain() throws Exception {
    start(2, 0);
    try (FlightClient client = client()) {
      assertThrows(FlightUnavailableError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("x")));
      assertEquals(2, callsSeen.get(), "one retry only");
    }
  }

  @Test
  void aCallTheServerTookIsNotRetried() throws Exception {
    start(1, -1);
    try (FlightClient client = client()) {
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
          () -> client.getFlightInfo(FlightDescriptor.forPath("x")));
      assertEquals(1, callsSeen.get(), e.toString());
      assertTrue(connections.get() == 1, "no new connection for a retry");
    }
  }

  @Test
  void aDoGetRefusedByGoAwayIsRetriedOnceOnANewConnection() throws Exception {
    start(1, 0);
    try (FlightClient client = client(); FlightStreamReader r = client.doGet(new Ticket(new byte[] {1}))) {
      FlightNotFoundError e = assertThrows(FlightNotFoundError.class, r::next);
      assertEquals("answered on connection 2", e.getMessage());
      assertEquals(2, callsSeen.get());
    }
  }

  @Test
  void anAsyncCallRefusedByGoAwayIsRetriedOnceOnANewConnection() throws Exception {
    start(1, 0);
    try (FlightClient client = client()) {
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> client.getFlightInfoAsync(FlightDescriptor.forPath("x")).get(10, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof FlightNotFoundError, e.toString());
      assertEquals("answered on connection 2", e.getCause().getMessage());
    }
  }

  @Test
  void anAsyncDoGetRefusedByGoAwayIsRetriedOnceOnANewConnection() throws Exception {
    start(1, 0);
    try (FlightClient client = client()) {
      dev.flightwire.testing.ChunkSubscriber sub = new dev.flightwire.testing.ChunkSubscriber(chunk -> true);
      client.doGetAsync(new Ticket(new byte[] {1})).subscribe(sub);
      java.util.concurrent.ExecutionException g = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> sub.done.get(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("answered on connection 2", g.getCause().getMessage(), g.toString());
      assertEquals(2, callsSeen.get());
    }
  }
}
