package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client against our server, in one JVM: every RPC shape, errors, deadlines, cancellation;
 * over TCP, a Unix domain socket and in-process alike.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class EndToEndTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator root;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;
  private final Map<String, Table> store = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger sleeping = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxSleeping = new java.util.concurrent.atomic.AtomicInteger();

  private final class Service extends FlightServerBase {
    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      if (descriptor.isCommand()) {
        throw new FlightNotFoundError("no such thing: " + new String(descriptor.command(), StandardCharsets.UTF_8));
      }
      return new FlightInfo(TestData.INTS, descriptor, List.of(new FlightEndpoint(Ticket.of("ints"))), 30, -1,
          false, null);
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String t = ticket.asString();
      if (t.startsWith("table:")) {
        return new RecordBatchStream(store.get(t.substring(6)), 7);
      }
      VectorSchemaRoot r = VectorSchemaRoot.create(TestData.INTS, serverAlloc);
      int batches = t.equals("empty") ? 0 : 3;
      int[] n = {0};
      abstract class ClosingIterator implements java.util.Iterator<FlightStreamChunk>, AutoCloseable {
        @Override
        public void close() {
          r.close();
        }
      }
      java.util.Iterator<FlightStreamChunk> it = new ClosingIterator() {
        @Override
        public boolean hasNext() {
          if (n[0] == 1 && t.equals("fail")) {
            throw new FlightUnavailableError("failed after 1 batch");
          }
          return n[0] < batches;
        }

        @Override
        public FlightStreamChunk next() {
          TestData.fill(r, n[0] * 10, 10);
          byte[] md = ("m" + n[0]).getBytes(StandardCharsets.UTF_8);
          n[0]++;
          return FlightStreamChunk.of(r, md);
        }
      };
      return new GeneratorStream(TestData.INTS, it);
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      if (descriptor.path().equals(List.of("chunks"))) {
        for (FlightStreamChunk c : reader) {   // every message's metadata, in order, as acks
          writer.write(c.appMetadata() == null ? new byte[0] : c.appMetadata());
        }
        return;
      }
      List<Table> unused = new ArrayList<>();
      int rows = 0;
      while (reader.next()) {
        rows += reader.root().getRowCount();
        if (reader.latestMetadata() != null) {
          writer.write(reader.latestMetadata());
        }
      }
      context.addTrailer("x-rows", Integer.toString(rows));
    }

    @Override
    public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightStreamWriter writer) {
      if (descriptor.isCommand() && new String(descriptor.command(), StandardCharsets.UTF_8).equals("burst")) {
        for (int i = 0; i < 20; i++) { // more than the client's window, then end without reading
          byte[] md = new byte[32 * 1024];
          md[0] = (byte) i;
          writer.writeMetadata(md);
        }
        return;
      }
      for (FlightStreamChunk c : reader) {
        if (c.data() != null) {
          writer.writeWithMetadata(c.data(), c.appMetadata());
        } else {
          writer.writeMetadata(c.appMetadata());
        }
      }
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      if (action.type().equals("sleep")) {
        maxSleeping.accumulateAndGet(sleeping.incrementAndGet(), Math::max);
        try {
          Thread.sleep(Long.parseLong(action.bodyAsString()));
        } catch (InterruptedException e) {
          throw new FlightCancelledError("interrupted");
        } finally {
          sleeping.decrementAndGet();
        }
      }
      if (action.type().equals("header")) {
        return List.of(Result.of(String.valueOf(context.headers().get("x-test"))));
      }
      return List.of(new Result(action.body()), Result.of("done"));
    }
  }

  @BeforeEach
  void start() throws Exception {
    root = new RootAllocator();
    serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
    clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
    server = FlightServer.builder(serverAlloc, transport.bindLocation(), new Service()).build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(clientAlloc).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    store.values().forEach(Table::close);
    clientAlloc.close();
    serverAlloc.close();
    root.close();
  }

  @Test
  void unaryAndErrors() {
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("a", "b"));
    assertEquals(FlightDescriptor.forPath("a", "b"), info.descriptor());
    assertEquals(TestData.INTS, info.schema());
    assertEquals(30, info.totalRecords());
    FlightNotFoundError e = assertThrows(FlightNotFoundError.class,
        () -> client.getFlightInfo(FlightDescriptor.forCommand("zz ü%")));
    assertEquals("no such thing: zz ü%", e.getMessage());
    assertThrows(FlightUnimplementedError.class, () -> client.getSchema(FlightDescriptor.forPath("x")));
  }

  @Test
  void doGetStreamsBatchesWithMetadata() {
    try (FlightStreamReader r = client.doGet(Ticket.of("ints"))) {
      assertEquals(TestData.INTS, r.schema());
      for (int i = 0; i < 3; i++) {
        assertTrue(r.next());
        TestData.assertRows(r.root(), i * 10, 10);
        assertArrayEquals(("m" + i).getBytes(StandardCharsets.UTF_8), r.latestMetadata());
      }
      assertTrue(!r.next());
    }
  }

  @Test
  void readAllConcatenatesBatchesWithStrings() {
    try (FlightStreamReader r = client.doGet(Ticket.of("ints"));
        org.apache.arrow.vector.table.Table t = r.readAll();
        VectorSchemaRoot all = t.toVectorSchemaRoot()) {
      TestData.assertRows(all, 0, 30);
    }
  }

  @Test
  void emptyStreamStillHasSchema() {
    try (FlightStreamReader r = client.doGet(Ticket.of("empty"))) {
      assertEquals(TestData.INTS, r.schema());
      assertNull(r.readChunk());
    }
  }

  @Test
  void errorMidStream() {
    try (FlightStreamReader r = client.doGet(Ticket.of("fail"))) {
      assertTrue(r.next());
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class, r::next);
      assertEquals("failed after 1 batch", e.getMessage());
    }
  }

  @Test
  void doPutAcksAndReadAllRoundTrip() {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("up"), TestData.INTS);
      for (int i = 0; i < 4; i++) {
        TestData.fill(batch, i * 5, 5);
        put.writer().writeWithMetadata(batch, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.UTF_8), put.reader().read());
      }
      put.complete();
      put.close();
    }
  }

  @Test
  void metadataOnTheFirstUploadMessageReachesTheHandler() {
    // the first message carries the descriptor; the server reads it before the handler runs
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("chunks"), TestData.INTS);
      put.writer().writeMetadata("first".getBytes(StandardCharsets.UTF_8));
      TestData.fill(batch, 0, 5);
      put.writer().writeWithMetadata(batch, "b0".getBytes(StandardCharsets.UTF_8));
      put.writer().doneWriting();
      List<String> acks = new ArrayList<>();
      for (byte[] a; (a = put.reader().read()) != null; ) {
        acks.add(new String(a, StandardCharsets.UTF_8));
      }
      put.close();
      assertEquals(List.of("first", "b0"), acks);
    }
  }

  /**
   * A handler that writes more than the client's window and returns before the client half-closed:
   * every message, then the OK status, reaches the client (the stream reset that follows the
   * trailers must not overtake what was written before them).
   */
  @Test
  void aHandlerThatEndsFirstDeliversEverythingBeforeItsStatus() {
    try (FlightClient small = FlightClient.connect(server.location(), FlightClientOptions.builder()
            .allocator(clientAlloc).receiveWindows(64 * 1024, 0).build());
        DoExchangeStreams ex = small.doExchange(FlightDescriptor.forCommand("burst"))) {
      int n = 0;
      for (FlightStreamChunk c : ex.reader()) {
        assertEquals(n, c.appMetadata()[0]);
        n++;
      }
      assertEquals(20, n);
    }
  }

  @Test
  void requestHeadersOverTheServersLimitAreRefusedWithResourceExhausted() {
    FlightCallOptions big = FlightCallOptions.builder().header("x-big", "a".repeat(40_000)).build();
    FlightError e = assertThrows(FlightError.class, () -> client.doAction(Action.of("echo", "x"), big).toList());
    assertEquals(8, e.grpcCode(), e.toString()); // RESOURCE_EXHAUSTED
    assertEquals(2, client.doAction(Action.of("echo", "x")).toList().size(), "the connection still serves calls");
  }

  @Test
  void callsOverTheServersConcurrentLimitWaitTheirTurn() throws Exception {
    try (FlightServer one = FlightServer.builder(serverAlloc, transport.bindLocation(), new Service())
            .maxConcurrentCallsPerConnection(1).build().start();
        FlightClient c = FlightClient.connect(one.location(), FlightClientOptions.builder().allocator(clientAlloc).build())) {
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
      try {
        List<java.util.concurrent.Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          calls.add(threads.submit(() -> c.doAction(Action.of("sleep", "150")).toList().size()));
        }
        for (java.util.concurrent.Future<Integer> f : calls) {
          assertEquals(2, f.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
      } finally {
        threads.shutdownNow();
      }
      assertEquals(1, maxSleeping.get(), "calls ran side by side on one connection");
    }
  }

  @Test
  void doExchangeEcho() {
    try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("echo"));
        VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      for (int i = 0; i < 3; i++) {
        TestData.fill(batch, i * 10, 10);
        ex.writer().writeWithMetadata(batch, i == 1 ? null : new byte[] {(byte) i});
        FlightStreamChunk c = ex.reader().readChunk();
        TestData.assertRows(c.data(), i * 10, 10);
        if (i == 1) {
          assertNull(c.appMetadata());
        } else {
          assertArrayEquals(new byte[] {(byte) i}, c.appMetadata());
        }
      }
      ex.writer().writeMetadata("only".getBytes(StandardCharsets.UTF_8));
      FlightStreamChunk c = ex.reader().readChunk();
      assertNull(c.data());
      assertArrayEquals("only".getBytes(StandardCharsets.UTF_8), c.appMetadata());
      ex.writer().doneWriting();
      assertNull(ex.reader().readChunk());
    }
  }

  @Test
  void actionsHeadersAndTimeout() {
    List<Result> results = client.doAction(Action.of("echo", "hi")).toList();
    assertEquals(List.of(Result.of("hi"), Result.of("done")), results);
    List<Result> h = client.doAction(new Action("header"),
        FlightCallOptions.builder().header("x-test", "v1").build()).toList();
    assertEquals("v1", h.get(0).bodyAsString());
    assertThrows(FlightTimedOutError.class, () -> client.doAction(Action.of("sleep", "2000"),
        FlightCallOptions.timeout(Duration.ofMillis(200))).toList());
    assertEquals(2, client.doAction(Action.of("echo", "again")).toList().size());
  }

  @Test
  void earlyCloseCancelsAndLeaksNothing() {
    FlightStreamReader r = client.doGet(Ticket.of("ints"));
    assertTrue(r.next());
    r.close();
    assertEquals(2, client.doAction(Action.of("echo", "x")).toList().size());
  }
}
