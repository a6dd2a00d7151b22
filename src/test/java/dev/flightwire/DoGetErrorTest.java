package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DoGet whose server-side stream fails after sending some batches ends, on the client, with the
 * server's status (code and message), never as a clean end of the stream: whatever the kind of
 * stream, the size of its batches, and whether the client reads them before the failure.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class DoGetErrorTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator root;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;

  /**
   * Ticket {@code KIND:ROWS}: two batches of ROWS rows, then a failure. KIND {@code refill}: a
   * generator refilling one root (each batch waited for); {@code immutable}: owned batches of
   * immutable data (not waited for); {@code unexpected}: as refill, failing with a bug.
   */
  private final class FailingService extends FlightServerBase {
    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String[] t = ticket.asString().split(":");
      String kind = t[0];
      int rows = Integer.parseInt(t[1]);
      if (kind.equals("immutable")) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          batches.add(TestData.batch(serverAlloc, i * rows, rows));
        }
        return new FlightDataStream() {
          int next;

          @Override
          public org.apache.arrow.vector.types.pojo.Schema schema() {
            return TestData.INTS;
          }

          @Override
          public FlightStreamChunk next() {
            if (next == 2) {
              throw new FlightNotFoundError("the rest of the data is gone");
            }
            return FlightStreamChunk.owning(batches.set(next++, null), null);
          }

          @Override
          public boolean immutableData() {
            return true;
          }

          @Override
          public void close() {
            batches.stream().filter(b -> b != null).forEach(VectorSchemaRoot::close);
          }
        };
      }
      VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, serverAlloc);
      class Gen implements Iterator<FlightStreamChunk>, AutoCloseable {
        int sent;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public FlightStreamChunk next() {
          if (sent == 2) {
            if (kind.equals("unexpected")) {
              throw new NoSuchElementException("a bug in the generator");
            }
            throw new FlightNotFoundError("the rest of the data is gone");
          }
          TestData.fill(batch, sent * rows, rows);
          sent++;
          return FlightStreamChunk.of(batch);
        }

        @Override
        public void close() {
          batch.close();
        }
      }
      return new GeneratorStream(TestData.INTS, new Gen());
    }
  }

  @BeforeEach
  void start() throws Exception {
    root = new RootAllocator();
    serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
    clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
    server = FlightServer.builder(serverAlloc, transport.bindLocation(), new FailingService()).build()
        .start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(clientAlloc).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    clientAlloc.close();
    serverAlloc.close();
    root.close();
  }

  private void readTwoBatchesThenTheError(String ticket, int rows, boolean slowReader) throws Exception {
    try (FlightStreamReader r = client.doGet(Ticket.of(ticket + ":" + rows))) {
      if (slowReader) {
        Thread.sleep(300); // the server fails while its batches still wait in the windows and queues
      }
      for (int i = 0; i < 2; i++) {
        assertTrue(r.next(), "batch " + i);
        TestData.assertRows(r.root(), i * rows, rows);
      }
      FlightError e = assertThrows(FlightError.class, r::next);
      if (ticket.equals("unexpected")) {
        assertEquals(FlightStatusCode.UNKNOWN, e.code());
        assertTrue(e.getMessage().contains("a bug in the generator"), e.getMessage());
      } else {
        assertTrue(e instanceof FlightNotFoundError, e.toString());
        assertEquals("the rest of the data is gone", e.getMessage());
      }
      // and again: never a clean end afterwards
      assertThrows(FlightError.class, r::next);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"refill", "immutable", "unexpected"})
  void smallBatches(String kind) throws Exception {
    readTwoBatchesThenTheError(kind, 10, false);
    readTwoBatchesThenTheError(kind, 10, true);
  }

  /** Batches of several MiB: more than the stream's window, so the failure overtakes them. */
  @ParameterizedTest
  @ValueSource(strings = {"refill", "immutable", "unexpected"})
  void largeBatches(String kind) throws Exception {
    readTwoBatchesThenTheError(kind, 300_000, false);
    readTwoBatchesThenTheError(kind, 300_000, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"refill", "immutable"})
  void readAllThrowsTheServersError(String kind) {
    try (FlightStreamReader r = client.doGet(Ticket.of(kind + ":100"))) {
      FlightNotFoundError e = assertThrows(FlightNotFoundError.class, r::readAll);
      assertEquals("the rest of the data is gone", e.getMessage());
    }
  }
}
