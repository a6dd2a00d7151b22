package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.demo.DemoService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failed upload never looks complete: an upload (DoPut, DoExchange) whose streams are closed
 * without {@code doneWriting()}, typically because the code writing it threw inside
 * try-with-resources, is cancelled, and the server's handler sees {@link FlightCancelledError}
 * instead of a clean end of the stream.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class UploadCancellationTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator root;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;
  private final List<String> callLog = new CopyOnWriteArrayList<>();
  /** What the recording service's handler saw at the end of each upload: the exception or "end". */
  private final CompletableFuture<Object> handlerOutcome = new CompletableFuture<>();
  private final List<Integer> rowsSeen = new CopyOnWriteArrayList<>();

  /** Reads uploads to their end and records how they ended. */
  private final class RecordingService extends FlightServerBase {
    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      record(() -> {
        while (reader.next()) {
          rowsSeen.add(reader.root().getRowCount());
          writer.write(new byte[] {1});
        }
      });
    }

    @Override
    public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightStreamWriter writer) {
      record(() -> {
        FlightStreamChunk c;
        while ((c = reader.readChunk()) != null) {
          if (c.data() != null) {
            rowsSeen.add(c.data().getRowCount());
            writer.writeWithMetadata(c.data(), c.appMetadata());
          }
        }
      });
    }

    private void record(Runnable read) {
      try {
        read.run();
        handlerOutcome.complete("end");
      } catch (RuntimeException e) {
        handlerOutcome.complete(e);
        throw e;
      }
    }
  }

  private void start(FlightServerBase service) throws Exception {
    server = FlightServer.builder(serverAlloc, transport.bindLocation(), service)
        .callLog(callLog::add).build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(clientAlloc).build());
  }

  @BeforeEach
  void allocators() {
    root = new RootAllocator();
    serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
    clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    clientAlloc.close();
    serverAlloc.close();
    root.close();
  }

  /** Waits for the server's one line about a call of {@code method} and returns it. */
  private String awaitCall(String method) throws InterruptedException {
    return dev.flightwire.testing.Waits.line(callLog, method + " ", java.time.Duration.ofSeconds(10));
  }

  private static final class Boom extends RuntimeException {
    Boom() {
      super("the application failed half-way through the upload");
    }
  }

  /**
   * Writes three batches of {@code rows} rows, then throws inside try-with-resources; with
   * {@code acknowledged}, only once the server has acknowledged all three (so its handler has
   * read them, and waits for more).
   */
  private void putThreeBatchesThenThrow(FlightDescriptor descriptor, int rows, boolean acknowledged) {
    Boom boom = assertThrows(Boom.class, () -> {
      try (DoPutStreams put = client.doPut(descriptor, TestData.INTS);
          VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
        for (int i = 0; i < 3; i++) {
          TestData.fill(batch, i * rows, rows);
          put.writer().writeBatch(batch);
        }
        for (int i = 0; acknowledged && i < 3; i++) {
          assertNotNull(put.reader().read());
        }
        throw new Boom();
      }
    });
    assertEquals(0, boom.getSuppressed().length, "closing after a failure threw too");
  }

  /** Small batches are copied and queued; large ones (over 64 KiB) are waited for. */
  @ParameterizedTest
  @ValueSource(ints = {10, 20_000})
  void aDoPutClosedWithoutDoneWritingIsCancelledOnTheServer(int rows) throws Exception {
    start(new RecordingService());
    putThreeBatchesThenThrow(FlightDescriptor.forPath("partial"), rows, true);
    Object outcome = handlerOutcome.get(10, TimeUnit.SECONDS);
    assertTrue(outcome instanceof FlightCancelledError, "the handler saw " + outcome + " after " + rowsSeen);
    assertEquals(List.of(rows, rows, rows), rowsSeen);
    String line = awaitCall("DoPut");
    assertTrue(line.contains(" CANCELLED "), line);
    // the connection still serves calls
    assertEquals(List.of(), client.listActions().toList());
  }

  @Test
  void theDemoServiceStoresNothingOfACancelledUpload() throws Exception {
    try (DemoService demo = new DemoService(serverAlloc)) {
      start(demo);
      putThreeBatchesThenThrow(FlightDescriptor.forPath("uploads", "partial"), 10, false);
      String line = awaitCall("DoPut");
      assertTrue(line.contains(" CANCELLED "), line);
      List<String> paths = new ArrayList<>();
      for (FlightInfo info : client.listFlights()) {
        paths.add(String.join("/", info.descriptor().path()));
      }
      assertTrue(paths.contains("dataset/sales"), paths.toString());
      assertFalse(paths.contains("uploads/partial"), "a cancelled upload was stored: " + paths);
      // a complete upload still is
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("uploads", "whole"), TestData.INTS);
          VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
        put.writer().writeBatch(batch);
        put.writer().doneWriting();
      }
      assertEquals(10, client.getFlightInfo(FlightDescriptor.forPath("uploads", "whole")).totalRecords());
      client.close();
      client = null;
      server.close();
      server = null;
    }
  }

  @Test
  void aDoExchangeClosedWithoutDoneWritingIsCancelledOnTheServer() throws Exception {
    start(new RecordingService());
    assertThrows(Boom.class, () -> {
      try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("echo"));
          VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
        for (int i = 0; i < 2; i++) {
          TestData.fill(batch, i * 10, 10);
          ex.writer().writeBatch(batch);
          assertNotNull(ex.reader().readChunk());
        }
        throw new Boom();
      }
    });
    Object outcome = handlerOutcome.get(10, TimeUnit.SECONDS);
    assertTrue(outcome instanceof FlightCancelledError, "the handler saw " + outcome);
    assertEquals(List.of(10, 10), rowsSeen);
    String line = awaitCall("DoExchange");
    assertTrue(line.contains(" CANCELLED "), line);
  }
}
