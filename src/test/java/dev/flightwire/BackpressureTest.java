package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Waits;
import java.time.Duration;
import java.util.Iterator;
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
 * Flow control follows consumption: a reader that stops reading stops the writer after a bounded
 * number of bytes (HTTP/2 windows plus the per-call outbound buffer), and cancelling mid-stream
 * releases every buffer on both sides.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class BackpressureTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private static final Schema ONE = new Schema(java.util.List.of(Field.nullable("v", new ArrowType.Int(64, true))));
  private static final int ROWS = 131_072; // 1 MiB of values per batch
  private static final int BATCHES = 400;

  /** Counts the batches the generator has handed to the writer. */
  private static final class CountingService extends FlightServerBase {
    final BufferAllocator allocator;
    final AtomicInteger produced = new AtomicInteger();
    final CountDownLatch finished = new CountDownLatch(1);

    CountingService(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ONE, allocator);
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(ROWS);
      v.setValueCount(ROWS);
      root.setRowCount(ROWS);
      class Gen implements Iterator<FlightStreamChunk>, AutoCloseable {
        @Override
        public boolean hasNext() {
          return produced.get() < BATCHES && !context.isCancelled();
        }

        @Override
        public FlightStreamChunk next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          produced.incrementAndGet();
          return FlightStreamChunk.of(root);
        }

        @Override
        public void close() {
          root.close();
          finished.countDown();
        }
      }
      return new GeneratorStream(ONE, new Gen());
    }
  }

  @Test
  void aStalledReaderStopsTheWriterAndCancelReleasesEverything() throws Exception {
    stall(0, 8 + 16 + 4); // default 8 MiB stream window, outbound buffer, slack (MiB); measured: 8
  }

  @Test
  void theReceiveWindowIsConfigurable() throws Exception {
    // 2 MiB window: window + the delivered batch + one partly received 1 MiB batch, well under
    // the 8 MiB the default window allows
    stall(2 << 20, 2 + 3);
  }

  private void stall(int clientWindow, int boundMiB) throws Exception {
    try (BufferAllocator root = new RootAllocator()) {
      BufferAllocator serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
      BufferAllocator clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
      CountingService service = new CountingService(serverAlloc);
      try (FlightServer server = FlightServer.builder(serverAlloc, transport.bindLocation(), service)
              .build().start();
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(clientAlloc).receiveWindows(clientWindow, 0).build())) {
        FlightStreamReader reader = client.doGet(Ticket.of("x"));
        try {
          assertTrue(reader.next());
          // stop reading: the server may only run ahead by the window and the outbound buffer
          long stable = waitForPlateau(service.produced);
          assertTrue(stable < boundMiB,
              "writer ran " + stable + " MiB ahead of a stalled reader (bound " + boundMiB + ")");
          assertTrue(clientAlloc.getAllocatedMemory() < 10L * ROWS * 8,
              "the client holds only what it was handed: " + clientAlloc.getAllocatedMemory());
        } finally {
          // cancel mid-stream (also when an assertion above failed): both sides release everything
          reader.close();
        }
        assertTrue(service.finished.await(10, TimeUnit.SECONDS), "the server saw the cancellation");
        assertTrue(service.produced.get() < BATCHES);
        Waits.until(() -> serverAlloc.getAllocatedMemory() == 0, Duration.ofSeconds(10));
        assertEquals(0, serverAlloc.getAllocatedMemory(), "server buffers released after cancel");
        assertEquals(0, clientAlloc.getAllocatedMemory(), "client buffers released after cancel");
      }
      clientAlloc.close();
      serverAlloc.close();
    }
  }

  /** Waits until the counter stops moving for 300 ms (at most 10 s) and returns it. */
  private static long waitForPlateau(AtomicInteger counter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last = -1;
    while (System.nanoTime() < deadline) {
      int now = counter.get();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(300);
    }
    return counter.get();
  }
}
