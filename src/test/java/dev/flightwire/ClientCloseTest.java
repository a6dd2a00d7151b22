package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code FlightClient.close()} cancels the calls still open on the client ("client closed"), and
 * when results the application still holds keep the client's own memory alive, it names the calls
 * they came from instead of failing with Arrow's leak report.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class ClientCloseTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator serverAllocator;
  private FlightServer server;
  private final CountDownLatch serverSawCancel = new CountDownLatch(1);

  @BeforeEach
  void setUp() throws Exception {
    serverAllocator = new RootAllocator();
    server = FlightServer.builder(serverAllocator, transport.bindLocation(), new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        boolean block = ticket.asString().equals("block");
        // the server may notice the cancellation between batches as well as in hasNext below
        context.onCancel(serverSawCancel::countDown);
        VectorSchemaRoot root = VectorSchemaRoot.create(TestData.INTS, serverAllocator);
        class Gen implements Iterator<FlightStreamChunk>, AutoCloseable {
          int i;

          @Override
          public boolean hasNext() {
            if (!block) {
              return i < 3;
            }
            if (i == 0) {
              return true;
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!context.isCancelled() && System.nanoTime() < until) {
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            }
            if (context.isCancelled()) {
              serverSawCancel.countDown();
            }
            return false;
          }

          @Override
          public FlightStreamChunk next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
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
    }).build().start();
  }

  @AfterEach
  void tearDown() {
    server.close();
    serverAllocator.close();
  }

  @Test
  void closeCancelsAReaderBlockedInNextOnAnotherThread() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightClient client = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(allocator).build());
      FlightStreamReader reader = client.doGet(Ticket.of("block"));
      assertTrue(reader.next());
      java.util.concurrent.atomic.AtomicReference<Thread> reading = new java.util.concurrent.atomic.AtomicReference<>();
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        try (reader) {
          reading.set(Thread.currentThread());
          reader.next();
        }
      });
      dev.flightwire.testing.Waits.untilBlocked(reading, blocked); // the reader waits in next()
      long start = System.nanoTime();
      client.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(2, TimeUnit.SECONDS));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.getCause() instanceof FlightCancelledError, e.getCause().toString());
      assertTrue(e.getCause().getMessage().contains("client closed"), e.getCause().getMessage());
      assertTrue(millis < 1000, "the reader woke after " + millis + " ms");
      assertTrue(serverSawCancel.await(5, TimeUnit.SECONDS), "the server saw the call cancelled");
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void closeWhileHoldingATableNamesTheCallItCameFrom() throws Exception {
    FlightClient client = FlightClient.connect(server.location());
    Table table;
    try (FlightStreamReader reader = client.doGet(Ticket.of("sales-2024"))) {
      table = reader.readAll();
    }
    ChunkedTable chunks;
    try (FlightStreamReader reader = client.doGet(Ticket.of("chunked-2025"))) {
      chunks = reader.readChunked();
    }
    try (FlightStreamReader done = client.doGet(Ticket.of("closed-in-time"))) {
      while (done.next()) {
        // read to the end and close: this call holds nothing
      }
    }
    try {
      FlightError e = assertThrows(FlightError.class, client::close);
      assertTrue(e.getMessage().contains("DoGet"), e.getMessage());
      assertTrue(e.getMessage().contains("sales-2024"), e.getMessage());
      assertTrue(e.getMessage().contains("chunked-2025"), e.getMessage());
      assertFalse(e.getMessage().contains("closed-in-time"), e.getMessage());
      assertFalse(e.getMessage().contains("Memory was leaked"), e.getMessage());
    } finally {
      table.close();
      chunks.close();
    }
    client.close(); // a second close does nothing
  }

  @Test
  void withTheApplicationsAllocatorCloseLeavesItAndItsTablesAlone() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightClient client = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(allocator).build());
      Table table;
      try (FlightStreamReader reader = client.doGet(Ticket.of("sales-2024"))) {
        table = reader.readAll();
      }
      client.close();
      assertEquals(30, table.getRowCount());
      assertTrue(allocator.getAllocatedMemory() > 0);
      table.close();
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
