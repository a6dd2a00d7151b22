package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing what owns something releases it, once: a second close is a no-op, and closing a call
 * that cannot finish cancels it instead of leaving it open on the server.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class ClosingTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator allocator;
  private FlightServer server;
  private final List<String> callLog = new CopyOnWriteArrayList<>();
  /** How the handler of a "malformed" upload ended. */
  private final java.util.concurrent.BlockingQueue<String> handlerOutcomes =
      new java.util.concurrent.LinkedBlockingQueue<>();

  /** A PutResult whose app_metadata claims 5 bytes and has 1, written around the writer's encoding. */
  private static void sendMalformedPutResult(FlightMetadataWriter writer) {
    try {
      java.lang.reflect.Field f = FlightMetadataWriter.class.getDeclaredField("stream");
      f.setAccessible(true);
      dev.flightwire.internal.call.ServerStream stream = (dev.flightwire.internal.call.ServerStream) f.get(writer);
      stream.writeMessage(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 3, 0x0a, 0x05, 0x01}),
          false, false);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, transport.bindLocation(), new FlightServerBase() {
      @Override
      public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightMetadataWriter writer) {
        if (descriptor.path().equals(List.of("malformed-then-refused"))) {
          sendMalformedPutResult(writer);
          throw new FlightInvalidArgumentError("refused");
        }
        if (descriptor.path().equals(List.of("malformed"))) {
          sendMalformedPutResult(writer);
          try {
            while (reader.next()) {
              // whatever the client uploads
            }
            handlerOutcomes.add("ended");
          } catch (FlightError e) {
            handlerOutcomes.add(e.getClass().getSimpleName());
          }
          return;
        }
        for (int i = 0; i < 3; i++) {
          writer.write(("ack " + i).getBytes(StandardCharsets.UTF_8));
        }
        throw new FlightInvalidArgumentError("refused");
      }
    }).callLog(callLog::add).build().start();
  }

  @AfterEach
  void tearDown() {
    server.close();
    allocator.close();
  }

  private FlightClient client(FlightClientOptions.Builder options) {
    return FlightClient.connect(server.location(), options.allocator(allocator).build());
  }

  @Test
  void anOwningChunkClosesItsRootOnceABorrowingOneNever() {
    try (BufferAllocator a = allocator.newChildAllocator("chunks", 0, Long.MAX_VALUE)) {
      VectorSchemaRoot borrowed = TestData.batch(a, 0, 5);
      FlightStreamChunk lent = FlightStreamChunk.of(borrowed);
      lent.close();
      TestData.assertRows(borrowed, 0, 5);
      borrowed.close();

      FlightStreamChunk owning = FlightStreamChunk.owning(TestData.batch(a, 0, 5), null);
      assertTrue(a.getAllocatedMemory() > 0);
      owning.close();
      owning.close();
      assertEquals(0, a.getAllocatedMemory());
      FlightStreamChunk.metadataOnly(new byte[] {1}).close();
    }
  }

  @Test
  void streamsCloseOnce() throws Exception {
    try (BufferAllocator a = allocator.newChildAllocator("streams", 0, Long.MAX_VALUE)) {
      GeneratorStream unsent = new GeneratorStream(TestData.INTS, List.of(
          FlightStreamChunk.owning(TestData.batch(a, 0, 5), null), FlightStreamChunk.owning(TestData.batch(a, 5, 5), null)));
      unsent.close();
      unsent.close();
      assertEquals(0, a.getAllocatedMemory());

      try (VectorSchemaRoot root = TestData.batch(a, 0, 10);
          Table table = new Table(root)) {
        RecordBatchStream s = new RecordBatchStream(table, 3);
        assertNotNull(s.next());
        s.close();
        s.close();
        assertEquals(10, table.getRowCount());
      }
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void doPutStreamsCloseOnceAndReleaseUnreadAcknowledgements() {
    try (FlightClient client = client(FlightClientOptions.builder())) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("refuse"), TestData.INTS);
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, put::complete);
      assertEquals("refused", e.getMessage());
      put.close(); // releases, without the error again
      put.close();
    }
  }

  /**
   * A malformed acknowledgement fails the read, but the call is still running: closing the
   * streams then cancels it (the server's handler sees the cancel), as for any unfinished upload.
   */
  @Test
  void closingAfterAMalformedAcknowledgementCancelsTheCall() throws Exception {
    try (FlightClient client = client(FlightClientOptions.builder())) {
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("malformed"), TestData.INTS);
          VectorSchemaRoot batch = TestData.batch(allocator, 0, 10)) {
        put.writer().writeBatch(batch); // the server's handler starts with the upload's first message
        FlightInternalError e = assertThrows(FlightInternalError.class, () -> put.reader().read());
        assertTrue(e.getMessage().contains("malformed PutResult"), e.getMessage());
      }
      assertEquals("FlightCancelledError", handlerOutcomes.poll(10, TimeUnit.SECONDS));
    }
  }

  /**
   * A malformed acknowledgement is not the call's outcome, even when the call has ended by the
   * time the read fails: close still finishes the call and throws its status.
   */
  @Test
  void aMalformedAcknowledgementIsNotTheCallsOutcome() throws Exception {
    try (FlightClient client = client(FlightClientOptions.builder())) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("malformed-then-refused"), TestData.INTS);
      put.writer().doneWriting();
      Waits.until(() -> !callLog.isEmpty(), Duration.ofSeconds(10)); // the server has ended the call
      assertThrows(FlightInternalError.class, () -> put.reader().read());
      assertEquals("refused", assertThrows(FlightInvalidArgumentError.class, put::close).getMessage());
    }
  }

  /** A failure a read of the acknowledgements threw is not thrown again by close (nor suppressed into itself). */
  @Test
  void aFailureTheReaderThrewIsNotThrownAgainByClose() {
    try (FlightClient client = client(FlightClientOptions.builder())) {
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, () -> {
        try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("refuse"), TestData.INTS)) {
          put.writer().doneWriting();
          while (put.reader().read() != null) {
            // the acknowledgements, then the refusal
          }
        }
      });
      assertEquals("refused", e.getMessage());
      assertEquals(0, e.getSuppressed().length, java.util.Arrays.toString(e.getSuppressed()));
      // complete() after that close still gives the outcome
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("refuse"), TestData.INTS);
      put.writer().doneWriting();
      assertThrows(FlightInvalidArgumentError.class, () -> {
        while (put.reader().read() != null) {
          // the acknowledgements, then the refusal
        }
      });
      put.close();
      assertEquals("refused", assertThrows(FlightInvalidArgumentError.class, put::complete).getMessage());
    }
  }

  /**
   * The schema alone exceeds the write size limit, so the upload cannot even begin: completing it
   * fails, and cancels the call rather than leaving it open on the server.
   */
  @Test
  void doPutStreamsThatCannotFinishCancelTheCall() throws Exception {
    try (FlightClient client = client(FlightClientOptions.builder().writeSizeLimitBytes(16))) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("never"), TestData.INTS,
          FlightCallOptions.timeout(Duration.ofSeconds(60)));
      assertThrows(FlightWriteSizeExceededError.class, put::complete);
      Waits.until(() -> !callLog.isEmpty(), Duration.ofSeconds(10));
      assertEquals(1, callLog.size(), callLog.toString());
      assertTrue(callLog.get(0).startsWith("DoPut ") && callLog.get(0).contains(" CANCELLED "), callLog.get(0));
      put.close();
    }
  }
}
