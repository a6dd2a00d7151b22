package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Server shutdown with calls in flight, and client-side limits. */
class LifecycleTest {
  /** Streams {@code n} batches of 10 rows, sleeping {@code pauseMs} before each. */
  private static final class SlowService extends FlightServerBase {
    private final BufferAllocator allocator;

    SlowService(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String[] p = ticket.asString().split(":");
      int n = Integer.parseInt(p[0]);
      long pause = Long.parseLong(p[1]);
      VectorSchemaRoot root = VectorSchemaRoot.create(TestData.INTS, allocator);
      class Gen implements Iterator<FlightStreamChunk>, AutoCloseable {
        int i;

        @Override
        public boolean hasNext() {
          return i < n && !context.isCancelled();
        }

        @Override
        public FlightStreamChunk next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          TestData.fill(root, i * 10, 10);
          i++;
          return FlightStreamChunk.of(root);
        }

        @Override
        public void close() {
          root.close();
        }
      }
      return new GeneratorStream(TestData.INTS, new Gen());
    }
  }

  private static int drain(FlightStreamReader r) {
    int batches = 0;
    while (r.next()) {
      batches++;
    }
    return batches;
  }

  @Test
  void gracefulShutdownLetsCallsFinishThenCancelsTheRest() throws Exception {
    try (BufferAllocator root = new RootAllocator()) {
      BufferAllocator serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
      BufferAllocator clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
      FlightServer server = FlightServer.builder(serverAlloc, Location.forGrpcTcp("127.0.0.1", 0),
          new SlowService(serverAlloc)).build().start();
      FlightClient client = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(clientAlloc).build());
      try (FlightStreamReader shortCall = client.doGet(Ticket.of("10:50"));
          FlightStreamReader longCall = client.doGet(Ticket.of("1000:50"))) {
        assertTrue(shortCall.next());
        assertTrue(longCall.next());
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(2)));
        assertEquals(9, drain(shortCall), "a call in progress finishes during the grace period");
        FlightError e = assertThrows(FlightError.class, () -> drain(longCall));
        assertTrue(e instanceof FlightUnavailableError || e instanceof FlightCancelledError, e.toString());
        shutdown.get(20, TimeUnit.SECONDS);
        assertTrue(server.awaitTermination(Duration.ofSeconds(1)));
        assertThrows(FlightUnavailableError.class, () -> client.doGet(Ticket.of("1:0")).next());
      } finally {
        client.close();
      }
      clientAlloc.close();
      serverAlloc.close();
    }
  }

  @Test
  void writeSizeLimitRefusesLargeMessagesLocally() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
            new FlightServerBase() {
              @Override
              public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
                  FlightMetadataWriter writer) {
                while (reader.next()) {
                  writer.write(new byte[] {1});
                }
              }
            }).build().start();
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).writeSizeLimitBytes(4096).build());
        VectorSchemaRoot small = TestData.batch(allocator, 0, 10);
        VectorSchemaRoot big = TestData.batch(allocator, 0, 5000)) {
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("x"), TestData.INTS)) {
        put.writer().writeBatch(small);
        FlightWriteSizeExceededError e = assertThrows(FlightWriteSizeExceededError.class,
            () -> put.writer().writeBatch(big));
        assertEquals(4096, e.limit());
        assertTrue(e.actualSize() > 4096);
        put.writer().writeBatch(small);
        put.complete();
      }
    }
  }

  @Test
  void unreachableServerIsUnavailable() {
    FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
        () -> FlightClient.connect(Location.forGrpcTcp("127.0.0.1", 1)));
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
  }

  @Test
  void valueTypes() {
    assertEquals(Location.forGrpcTcp("localhost", 8815), Location.parse("grpc+tcp://localhost:8815"));
    assertEquals("grpc+unix:///tmp/x.sock", Location.forGrpcUnix("/tmp/x.sock").uri());
    assertEquals("localhost", Location.parse("grpc://localhost:1").host());
    assertTrue(Location.parse("arrow-flight-reuse-connection://?").isReuseConnection());
    assertEquals(FlightDescriptor.forPath("a", "b"), FlightDescriptor.forPath(List.of("a", "b")));
    assertEquals(FlightDescriptor.forPath("a").hashCode(), FlightDescriptor.forPath("a").hashCode());
    assertEquals(FlightDescriptor.forCommand("q"), FlightDescriptor.forCommand("q".getBytes()));
    assertTrue(!FlightDescriptor.forCommand("a").equals(FlightDescriptor.forPath("a")));
    assertEquals(Ticket.of("t"), new Ticket("t".getBytes()));
    assertThrows(IllegalArgumentException.class, () -> Location.parse("grpc+tcp://"));
  }
}
