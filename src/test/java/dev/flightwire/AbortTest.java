package dev.flightwire;

import dev.flightwire.testing.LocalPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Explicit cancellation of a call by the application: {@code abort(cause)} and
 * {@code cancel(reason)} on the writer of DoPut and DoExchange and on the DoPut acknowledgement
 * reader, from the thread that writes or from another one blocked in a write or a read. The
 * server's handler sees {@link FlightCancelledError}; the client's later writes and reads throw
 * it; nothing leaks; a second cancel, and a cancel after the call completed, do nothing.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class AbortTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private LocalPair pair;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;
  private final List<String> callLog = new CopyOnWriteArrayList<>();
  /** How the latest upload ended for its handler: the exception, or "end". */
  private volatile CompletableFuture<Object> outcome = new CompletableFuture<>();
  /** Counted down once a {@code stall} handler has read its first batch and stopped reading. */
  private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);

  /**
   * DoPut {@code ack}: acknowledges each batch. {@code stall}: reads one batch, then stops
   * reading until the call is cancelled, then reads again. {@code silent}: reads everything and
   * acknowledges nothing. {@code refuse}: reads to the end, then fails. DoExchange {@code echo}
   * echoes; {@code give-up} echoes one batch, then the server cancels the call from its writer.
   */
  private final class Service extends FlightServerBase {
    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      String mode = descriptor.path().get(0);
      record(() -> {
        switch (mode) {
          case "stall":
            reader.next();
            stalled.countDown();
            while (!context.isCancelled()) {
              sleep(5);
            }
            while (reader.next()) {
              // throws
            }
            break;
          case "refuse":
            while (reader.next()) {
              // to the end
            }
            throw new FlightInvalidArgumentError("refused after the end");
          default:
            while (reader.next()) {
              if (mode.equals("ack")) {
                writer.write(new byte[] {(byte) reader.root().getRowCount()});
              }
            }
        }
      });
    }

    @Override
    public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightStreamWriter writer) {
      String mode = new String(descriptor.command(), StandardCharsets.UTF_8);
      record(() -> {
        FlightStreamChunk c;
        while ((c = reader.readChunk()) != null) {
          writer.writeWithMetadata(c.data(), c.appMetadata());
          if (mode.equals("give-up")) {
            writer.cancel("the server gives up");
            writer.cancel("twice");
            writer.close();
            assertThrows(FlightCancelledError.class, () -> writer.writeBatch(reader.root()));
            reader.next();
          }
        }
      });
    }

    private void record(Runnable body) {
      try {
        body.run();
        outcome.complete("end");
      } catch (RuntimeException | AssertionError e) {
        outcome.complete(e);
        throw e;
      }
    }
  }

  private static void sleep(long ms) {
    LocalPair.sleep(ms);
  }

  @BeforeEach
  void start() throws Exception {
    pair = LocalPair.start(transport, alloc -> {
      serverAlloc = alloc;
      return new Service();
    }, b -> b.callLog(callLog::add), o -> o);
    server = pair.server();
    client = pair.client();
    clientAlloc = pair.clientAllocator();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  private Object handlerOutcome() throws Exception {
    Object o = outcome.get(10, TimeUnit.SECONDS);
    outcome = new CompletableFuture<>();
    return o;
  }

  /**
   * The server ended the call CANCELLED, and its handler, if it ran, saw the cancellation. (A call
   * cancelled before its handler read the first message ends without the handler: the server
   * drops what the client sent once the call is cancelled. On a loaded machine the handler thread
   * can start that late.)
   */
  private void assertServerSawCancel() throws Exception {
    Waits.until(() -> !callLog.isEmpty(), Duration.ofSeconds(10));
    String line = callLog.remove(0);
    assertTrue(line.contains(" CANCELLED "), line);
    // the call log line comes after the handler returned: its outcome is known if it ran
    if (outcome.isDone()) {
      Object o = handlerOutcome();
      assertTrue(o instanceof FlightCancelledError, "the handler saw " + o);
    }
  }

  /** Writes {@code n} batches of 10 rows and reads their acknowledgements. */
  private static void writeAcknowledged(DoPutStreams put, VectorSchemaRoot batch, int n) {
    for (int i = 0; i < n; i++) {
      TestData.fill(batch, i * 10, 10);
      put.writer().writeBatch(batch);
      assertArrayEquals(new byte[] {10}, put.reader().read());
    }
  }

  @Test
  void writerCancel() throws Exception {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("ack"), TestData.INTS);
        VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      writeAcknowledged(put, batch, 2);
      put.writer().cancel("the client changed its mind");
      put.writer().cancel("again");   // idempotent
      assertServerSawCancel();
      FlightCancelledError w = assertThrows(FlightCancelledError.class, () -> put.writer().writeBatch(batch));
      assertEquals("the client changed its mind", w.getMessage());
      assertThrows(FlightCancelledError.class, put.reader()::read);
      assertThrows(FlightCancelledError.class, put.writer()::doneWriting);
      assertThrows(FlightCancelledError.class, put::complete);
    }   // close does not throw
  }

  @Test
  void writerAbortKeepsTheCause() throws Exception {
    IllegalStateException cause = new IllegalStateException("the source broke");
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("ack"), TestData.INTS);
        VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      writeAcknowledged(put, batch, 3);
      put.writer().abort(cause);
      put.writer().abort(new RuntimeException("ignored: the call is already aborted"));
      assertServerSawCancel();
      FlightCancelledError e = assertThrows(FlightCancelledError.class, put.reader()::read);
      assertSame(cause, e.getCause());
      assertTrue(e.getMessage().contains("the source broke"), e.getMessage());
    }
  }

  /** A write blocked on backpressure (the server stopped reading) is woken by a cancel from another thread. */
  @Test
  void readerAbortFromAnotherThreadWakesABlockedWrite() throws Exception {
    RuntimeException cause = new RuntimeException("stopped by the operator");
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("stall"), TestData.INTS);
        VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 100_000)) {
      java.util.concurrent.atomic.AtomicReference<Thread> writing = new java.util.concurrent.atomic.AtomicReference<>();
      CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
        writing.set(Thread.currentThread());
        try {
          for (int i = 0; i < 1000; i++) {   // about 2.5 GB: far beyond the windows and the buffer
            put.writer().writeBatch(batch);
          }
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      assertTrue(stalled.await(10, TimeUnit.SECONDS), "the server should have read the first batch");
      dev.flightwire.testing.Waits.untilBlocked(writing, writer); // by backpressure
      put.reader().abort(cause);
      put.reader().abort(cause);
      Throwable t = writer.get(10, TimeUnit.SECONDS);
      assertTrue(t instanceof FlightCancelledError, String.valueOf(t));
      assertSame(cause, t.getCause());
      assertServerSawCancel();
    }
  }

  /** A read waiting for acknowledgements that never come is woken by a cancel from another thread. */
  @Test
  void readerCancelFromAnotherThreadWakesABlockedRead() throws Exception {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("silent"), TestData.INTS);
        VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
      put.writer().writeBatch(batch);
      java.util.concurrent.atomic.AtomicReference<Thread> reading = new java.util.concurrent.atomic.AtomicReference<>();
      CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
        reading.set(Thread.currentThread());
        try {
          put.reader().read();
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      dev.flightwire.testing.Waits.untilBlocked(reading, reader); // the read waits for an acknowledgement
      put.reader().cancel("no answer");
      Throwable t = reader.get(10, TimeUnit.SECONDS);
      assertTrue(t instanceof FlightCancelledError, String.valueOf(t));
      assertEquals("no answer", t.getMessage());
      assertServerSawCancel();
      assertThrows(FlightCancelledError.class, () -> put.writer().writeBatch(batch));
    }
  }

  @Test
  void cancellingACompletedCallDoesNothing() throws Exception {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("ack"), TestData.INTS);
        VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      writeAcknowledged(put, batch, 2);
      put.complete();
      put.writer().abort(new RuntimeException("too late"));
      put.reader().cancel("too late");
      put.complete();   // still the OK it completed with
    }
    assertEquals("end", handlerOutcome());
  }

  /** Closing after doneWriting() still completes the call, and reports the server's failure. */
  @Test
  void closeAfterDoneWritingReportsTheServersStatus() throws Exception {
    DoPutStreams put = client.doPut(FlightDescriptor.forPath("refuse"), TestData.INTS);
    try (VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
      put.writer().writeBatch(batch);
      put.writer().doneWriting();
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, put::close);
      assertEquals("refused after the end", e.getMessage());
      put.close();
    }
    assertTrue(handlerOutcome() instanceof FlightInvalidArgumentError);
  }

  @Test
  void exchangeWriterAbort() throws Exception {
    try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("echo"));
        VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
      ex.writer().writeBatch(batch);
      assertNotNull(ex.reader().readChunk());
      ex.writer().abort(new RuntimeException("enough"));
      assertServerSawCancel();
      assertThrows(FlightCancelledError.class, ex.reader()::readChunk);
      assertThrows(FlightCancelledError.class, () -> ex.writer().writeBatch(batch));
    }
  }

  /** On the server, the DoExchange writer's cancel ends the call as CANCELLED with the reason. */
  @Test
  void serverWriterCancel() throws Exception {
    try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("give-up"));
        VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
      ex.writer().writeBatch(batch);
      FlightCancelledError e = assertThrows(FlightCancelledError.class, () -> {
        while (ex.reader().readChunk() != null) {
          // the echo, if it arrives before the cancel
        }
      });
      // the trailers carry the reason, but the RST_STREAM CANCEL sent with them can overtake them
      // when they wait behind echo data in the flow controller: CANCELLED either way
      assertTrue(e.getMessage().equals("the server gives up")
          || e.getMessage().contains("RST_STREAM CANCEL"), e.getMessage());
      ex.writer().doneWriting();   // the call is over: nothing left to end
    }
    Object o = handlerOutcome();
    assertTrue(o instanceof FlightCancelledError, "the handler saw " + o);
  }

  @Test
  void exchangeCompletedNormally() throws Exception {
    try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("echo"));
        VectorSchemaRoot batch = TestData.batch(clientAlloc, 0, 10)) {
      ex.writer().writeBatch(batch);
      assertNotNull(ex.reader().readChunk());
      ex.writer().doneWriting();
      assertNull(ex.reader().readChunk());
    }
    assertEquals("end", handlerOutcome());
  }
}
