package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.LocalPair;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A client that opens calls and never sends their request must not hold the server's handler
 * threads: a call with one request message reaches the executor only once the request is in.
 * With a single handler thread and 50 such calls open, another client is still served.
 */
class SlowRequestTest {
  @Test
  void callsWaitingForTheirRequestHoldNoHandlerThread() throws Exception {
    ExecutorService oneThread = Executors.newSingleThreadExecutor();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (LocalPair pair = LocalPair.start(a -> new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        return new FlightInfo(Int64Data.SCHEMA, descriptor, List.of(), 3, -1, false, null);
      }
    }, b -> b.executor(oneThread), o -> o)) {
      Channel silent = openSilentCalls(group, pair.server().location().port(), 50);
      try {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (pair.server().activeCalls() < 50 && System.nanoTime() < deadline) {
          Thread.sleep(1); // until the server has taken the streams in
        }
        assertEquals(50, pair.server().activeCalls(), "the silent calls the server holds");
        FlightInfo info = pair.client().getFlightInfo(FlightDescriptor.forPath("x"),
            FlightCallOptions.builder().timeout(Duration.ofSeconds(5)).build());
        assertEquals(3, info.totalRecords());
      } finally {
        silent.close().syncUninterruptibly();
      }
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
      oneThread.shutdownNow();
    }
  }

  /** Opens {@code calls} GetFlightInfo streams, headers only: no request message, no END_STREAM. */
  private static Channel openSilentCalls(EventLoopGroup group, int port, int calls) throws Exception {
    java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
    Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            Http2Connection connection = new DefaultHttp2Connection(false);
            Http2ConnectionHandler h2 = new Http2ConnectionHandlerBuilder().connection(connection)
                .frameListener(new Http2FrameAdapter()).initialSettings(new Http2Settings().pushEnabled(false))
                .gracefulShutdownTimeoutMillis(0).build();
            c.pipeline().addLast(h2);
            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) throws Exception {
                super.channelActive(ctx);
                ChannelHandlerContext h2ctx = ctx.pipeline().context(h2);
                for (int i = 0; i < calls; i++) {
                  h2.encoder().writeHeaders(h2ctx, connection.local().incrementAndGetNextStreamId(),
                      new DefaultHttp2Headers().method("POST").scheme("http").authority("localhost")
                          .path("/arrow.flight.protocol.FlightService/GetFlightInfo")
                          .set("content-type", "application/grpc").set("te", "trailers"),
                      0, false, h2ctx.newPromise());
                }
                h2ctx.flush();
                opened.countDown();
              }
            });
          }
        })
        .connect("localhost", port).syncUninterruptibly().channel();
    opened.await(10, java.util.concurrent.TimeUnit.SECONDS);
    return ch;
  }
}
