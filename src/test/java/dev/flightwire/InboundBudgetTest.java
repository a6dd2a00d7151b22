package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.util.ChannelTuning;
import dev.flightwire.testing.Waits;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
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
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The server bounds the bytes it buffers across all connections: 1,000 uploads (over 4
 * connections), each announcing a message of the largest size allowed (about 2 GiB) and sending
 * 1 MiB of it, 1,000 MiB in all, leave the server's buffers within its budget plus the initial
 * stream windows already granted, while another client is still served.
 */
class InboundBudgetTest {
  private static final Schema ONE = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));
  private static final long BUDGET = 32L << 20;
  private static final int STREAM_WINDOW = 65_535;
  private static final int CONNECTIONS = 4;
  private static final int STREAMS_PER_CONNECTION = 250;
  private static final int STREAMS = CONNECTIONS * STREAMS_PER_CONNECTION;
  private static final int SENT_PER_STREAM = 1 << 20;
  private static final byte[] ZEROS = new byte[SENT_PER_STREAM];

  /**
   * Serves DoGet and GetFlightInfo. Uploads never reach doPut: the dispatcher waits for their
   * first message, for its descriptor, and it never completes.
   */
  private static final class Service extends FlightServerBase {
    final BufferAllocator allocator;

    Service(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      throw new AssertionError("no upload sends a whole message");
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      return new FlightInfo(ONE, descriptor, List.of(new FlightEndpoint(Ticket.of("t"))), 3 * 1024, -1,
          false, null);
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ONE, allocator);
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(1024);
      for (int i = 0; i < 1024; i++) {
        v.set(i, i);
      }
      v.setValueCount(1024);
      root.setRowCount(1024);
      AtomicInteger sent = new AtomicInteger();
      class Three implements Iterator<FlightStreamChunk>, AutoCloseable {
        @Override
        public boolean hasNext() {
          return sent.get() < 3;
        }

        @Override
        public FlightStreamChunk next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          sent.incrementAndGet();
          return FlightStreamChunk.of(root);
        }

        @Override
        public void close() {
          root.close();
        }
      }
      return new GeneratorStream(ONE, new Three());
    }
  }

  @Test
  void thousandHugeUploadsStayWithinTheBudgetAndOthersAreServed() throws Exception {
    PooledByteBufAllocator serverPool = new PooledByteBufAllocator(true);
    EventLoopGroup attackers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<Channel> channels = new ArrayList<>();
    Service service;
    try (BufferAllocator allocator = new RootAllocator()) {
      service = new Service(allocator);
      FlightServer server;
      ChannelTuning.overrideAllocatorForTests(serverPool); // the server's network memory, alone
      try {
        server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service)
            .maxThreads(CONNECTIONS * STREAMS_PER_CONNECTION + 50)
            .receiveWindows(STREAM_WINDOW, 0)
            .maxInboundBufferedBytes(BUDGET)
            .build().start();
      } finally {
        ChannelTuning.overrideAllocatorForTests(null);
      }
      try (server) {
        int maxMessage = Integer.MAX_VALUE - 64; // the default maxInboundMessageSize
        for (int c = 0; c < CONNECTIONS; c++) {
          channels.add(attack(attackers, server.port(), maxMessage));
        }
        long t0 = System.nanoTime();
        long buffered = awaitSteady(server);
        System.out.printf("steady after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        long offered = (long) STREAMS * SENT_PER_STREAM;
        // every stream's initial window was granted before the budget was full, and one stream
        // at a time may finish its message past the bound (here: all that it sends)
        long bound = BUDGET + (long) STREAMS * STREAM_WINDOW + SENT_PER_STREAM;
        long used = serverPool.metric().usedDirectMemory();
        System.out.printf("offered %d MiB; server buffers %d MiB (budget %d MiB, bound %d MiB); server pool %d MiB%n",
            offered >> 20, buffered >> 20, BUDGET >> 20, bound >> 20, used >> 20);
        assertTrue(buffered >= BUDGET, "the uploads filled the budget: " + buffered);
        assertTrue(buffered <= bound, "buffered " + buffered + " > budget + initial stream windows " + bound);
        // gathering buffers grow by doubling (capacity up to twice what they hold), and the pool
        // maps memory in 4 MiB chunks per arena: measured 204-208 MiB here
        assertTrue(used <= 5 * bound / 2, "server network memory " + used + " B for a bound of " + bound);
        assertTrue(used < offered / 4, "server network memory " + used + " B for " + offered + " B offered");

        // meanwhile another client is served
        try (FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
          FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("x"));
          assertEquals(3 * 1024, info.totalRecords());
          long rows = 0;
          try (FlightStreamReader r = client.doGet(Ticket.of("t"))) {
            while (r.next()) {
              rows += r.root().getRowCount();
            }
          }
          assertEquals(3 * 1024, rows);
        }
        System.out.printf("served after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (Channel ch : channels) {
          ch.close().syncUninterruptibly();
        }
        Waits.until(() -> server.inboundBufferedBytes() == 0, Duration.ofSeconds(20));
        assertEquals(0, server.inboundBufferedBytes(), "closing the streams released their bytes");
        System.out.printf("released after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      }
    } finally {
      for (Channel ch : channels) {
        ch.close().syncUninterruptibly();
      }
      attackers.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * Honest uploads whose messages are each larger than the whole budget still finish: six at
   * once, 4 MiB batches against a 2 MiB budget and 1 MiB windows. Without the exemption every
   * stream would hold part of a message, the budget would be full, and none could finish.
   */
  @Test
  void uploadsOfMessagesLargerThanTheBudgetAllFinish() throws Exception {
    int uploads = 6;
    int batches = 3;
    int rows = 512 * 1024; // 4 MiB of int64 per batch
    AtomicInteger received = new AtomicInteger();
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightServerBase service = new FlightServerBase() {
        @Override
        public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
            FlightMetadataWriter writer) {
          while (reader.next()) {
            received.addAndGet(reader.root().getRowCount());
          }
        }
      };
      try (FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service)
              .receiveWindows(1 << 20, 0)
              .maxInboundBufferedBytes(2L << 20)
              .build().start();
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(allocator).build())) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(uploads);
        try {
          List<java.util.concurrent.Future<?>> done = new ArrayList<>();
          for (int u = 0; u < uploads; u++) {
            int n = u;
            done.add(pool.submit(() -> {
              try (VectorSchemaRoot root = VectorSchemaRoot.create(ONE, allocator);
                  DoPutStreams put = client.doPut(FlightDescriptor.forPath("u" + n), ONE)) {
                BigIntVector v = (BigIntVector) root.getVector(0);
                v.allocateNew(rows);
                v.setValueCount(rows);
                root.setRowCount(rows);
                for (int b = 0; b < batches; b++) {
                  put.writer().writeBatch(root);
                }
                put.complete();
              }
              return null;
            }));
          }
          for (java.util.concurrent.Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }
        assertEquals(uploads * batches * rows, received.get());
        Waits.until(() -> server.inboundBufferedBytes() == 0, Duration.ofSeconds(10));
        assertEquals(0, server.inboundBufferedBytes());
      }
    }
  }

  @Test
  void aNegativeBudgetIsRefused() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
          new FlightServerBase() { }).maxInboundBufferedBytes(-1);
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, b::build);
    }
  }

  /** The server's buffered bytes once they have not grown for a second. */
  private static long awaitSteady(FlightServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long last = -1;
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = server.inboundBufferedBytes();
      if (now != last || now == 0) {
        last = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(1)) {
        break;
      }
      Thread.sleep(20);
    }
    return last;
  }

  /**
   * Opens one connection with {@link #STREAMS_PER_CONNECTION} DoPut streams, each sending a gRPC
   * prefix announcing {@code announced} bytes and then {@link #SENT_PER_STREAM} bytes of it, as
   * flow control allows (Netty's flow controller holds the rest; heap buffers, so they do not
   * count as direct memory).
   */
  private static Channel attack(EventLoopGroup group, int port, int announced) throws Exception {
    CountDownLatch opened = new CountDownLatch(1);
    Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            Http2Connection connection = new DefaultHttp2Connection(false);
            // frames as large as the server allows, not Netty's 1 KiB round-robin quantum
            io.netty.handler.codec.http2.WeightedFairQueueByteDistributor distributor =
                new io.netty.handler.codec.http2.WeightedFairQueueByteDistributor(connection);
            distributor.allocationQuantum(64 << 10);
            connection.remote().flowController(
                new io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController(connection, distributor));
            Http2ConnectionHandler h2 = new Http2ConnectionHandlerBuilder()
                .connection(connection)
                .frameListener(new Http2FrameAdapter() {
                  @Override
                  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                      boolean endOfStream) {
                    return data.readableBytes() + padding;
                  }
                })
                .initialSettings(new Http2Settings().pushEnabled(false))
                .gracefulShutdownTimeoutMillis(0) // closing drops the streams at once
                .build();
            c.pipeline().addLast(h2);
            c.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) throws Exception {
                super.channelActive(ctx);
                ChannelHandlerContext h2ctx = ctx.pipeline().context(h2);
                for (int i = 0; i < STREAMS_PER_CONNECTION; i++) {
                  int id = connection.local().incrementAndGetNextStreamId();
                  Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http")
                      .authority("localhost").path("/arrow.flight.protocol.FlightService/DoPut")
                      .set("content-type", "application/grpc").set("te", "trailers");
                  h2.encoder().writeHeaders(h2ctx, id, headers, 0, false, h2ctx.newPromise());
                  ByteBuf prefix = Unpooled.buffer(5).writeByte(0).writeInt(announced);
                  ByteBuf body = Unpooled.wrappedBuffer(prefix, Unpooled.wrappedBuffer(ZEROS));
                  h2.encoder().writeData(h2ctx, id, body, 0, false, h2ctx.newPromise());
                }
                h2ctx.flush();
                opened.countDown();
              }
            });
          }
        })
        .connect("localhost", port).syncUninterruptibly().channel();
    assertTrue(opened.await(10, TimeUnit.SECONDS), "the attacking connection opened its streams");
    return ch;
  }
}
