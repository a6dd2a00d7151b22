package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is particular to {@code in-process://}: record batch bodies reach the reader as the
 * writer's own memory (no body byte copied, both ways), batches the writer may refill are copied
 * instead, names, peers, and a server that goes away and comes back. The behaviour shared with the
 * network transports is tested by the suites that run over all three (EndToEndTest and others).
 */
class InProcessTest {
  private static final int ROWS = 10_000;
  private static final int BATCHES = 4;

  private BufferAllocator root;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private final List<VectorSchemaRoot> served = new ArrayList<>();
  /** Per batch the server received: the memory address of each buffer of each column. */
  private final List<List<Long>> receivedAddresses = new CopyOnWriteArrayList<>();
  private final List<String> receivedRows = new CopyOnWriteArrayList<>();
  private final List<String> peers = new CopyOnWriteArrayList<>();

  private final class Service extends FlightServerBase {
    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      peers.add(context.peer());
      return new RecordBatchStream(TestData.INTS, served, null);
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      while (reader.next()) {
        receivedAddresses.add(addresses(reader.root()));
        receivedRows.add(reader.root().getVector("id").getObject(0) + ":" + reader.root().getVector("name").getObject(
            reader.root().getRowCount() - 1));
      }
    }
  }

  @BeforeEach
  void start() {
    root = new RootAllocator();
    serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
    clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
    for (int i = 0; i < BATCHES; i++) {
      served.add(TestData.batch(serverAlloc, i * ROWS, ROWS));
    }
  }

  @AfterEach
  void stop() {
    served.forEach(VectorSchemaRoot::close);
    clientAlloc.close();
    serverAlloc.close();
    root.close();
  }

  private FlightServer server(String name) throws IOException {
    return FlightServer.builder(serverAlloc, Location.forInProcess(name), new Service()).build().start();
  }

  private FlightClient client(FlightServer server) {
    return FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(clientAlloc).build());
  }

  private static List<Long> addresses(VectorSchemaRoot batch) {
    List<Long> out = new ArrayList<>();
    for (FieldVector v : batch.getFieldVectors()) {
      for (org.apache.arrow.memory.ArrowBuf b : v.getFieldBuffers()) {
        out.add(b.memoryAddress());
      }
    }
    return out;
  }

  @Test
  void doGetReadsTheServersMemory() throws Exception {
    try (FlightServer server = server("zero-copy-get"); FlightClient client = client(server);
        FlightStreamReader r = client.doGet(Ticket.of("all"))) {
      assertEquals("in-process://zero-copy-get", server.location().uri());
      for (int i = 0; i < BATCHES; i++) {
        assertTrue(r.next());
        TestData.assertRows(r.root(), i * ROWS, ROWS);
        assertEquals(addresses(served.get(i)), addresses(r.root()), "batch " + i + " was copied");
      }
      assertFalse(r.next());
      assertEquals(List.of("in-process:zero-copy-get"), peers);
    }
  }

  @Test
  void aChunkedTableGoesBackUncopied() throws Exception {
    // DoGet the server's batches as a chunked table (the client holds the server's memory), then
    // DoPut that table: the server reads its own buffers again, no byte copied either way
    try (FlightServer server = server("zero-copy-put"); FlightClient client = client(server);
        FlightStreamReader r = client.doGet(Ticket.of("all")); ChunkedTable table = r.readChunked()) {
      assertEquals(BATCHES, table.batchCount());
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("t"), TestData.INTS);
      put.writer().writeChunked(table);
      put.complete();
      put.close();
    }
    assertEquals(BATCHES, receivedAddresses.size());
    for (int i = 0; i < BATCHES; i++) {
      assertEquals(addresses(served.get(i)), receivedAddresses.get(i), "batch " + i + " was copied");
    }
    assertEquals(List.of("0:row-9999", "10000:row-19999", "20000:row-29999", "30000:row-39999"), receivedRows);
  }

  @Test
  void theServerClosesItsAllocatorWhileTheClientHoldsItsBatches() throws Exception {
    // client and server allocators share a root: the buffers a reader holds become the client's
    // when the server lets go, so the server's allocator closes with nothing outstanding
    FlightServer server = server("handover");
    try (FlightClient client = client(server); FlightStreamReader r = client.doGet(Ticket.of("all"));
        ChunkedTable table = r.readChunked()) {
      server.close();
      served.forEach(VectorSchemaRoot::close);
      served.clear();
      assertEquals(0, serverAlloc.getAllocatedMemory(), "the server's allocator still accounts for the batches");
      assertEquals(BATCHES, table.batchCount());
      TestData.assertRows(table.batches().get(BATCHES - 1), (BATCHES - 1) * ROWS, ROWS);
      assertTrue(clientAlloc.getAllocatedMemory() > (long) BATCHES * ROWS * 8);
    }
    assertEquals(0, clientAlloc.getAllocatedMemory());
  }

  @Test
  void aRefilledBatchIsCopiedSoTheReaderSeesWhatWasWritten() throws Exception {
    try (FlightServer server = server("refill"); FlightClient client = client(server);
        VectorSchemaRoot batch = VectorSchemaRoot.create(TestData.INTS, clientAlloc)) {
      DoPutStreams put = client.doPut(FlightDescriptor.forPath("t"), TestData.INTS);
      List<Long> first = null;
      for (int i = 0; i < BATCHES; i++) {
        TestData.fill(batch, i * ROWS, ROWS); // the same root, refilled at once
        if (first == null) {
          first = addresses(batch);
        }
        put.writer().writeBatch(batch);
      }
      put.complete();
      put.close();
      assertEquals(List.of("0:row-9999", "10000:row-19999", "20000:row-29999", "30000:row-39999"), receivedRows);
      assertNotEquals(first, receivedAddresses.get(0), "a batch the writer may refill must be sent as a copy");
    }
  }

  @Test
  void aUnaryCallToADirectServerRunsOnTheCallersThread() throws Exception {
    List<Thread> handlers = new CopyOnWriteArrayList<>();
    FlightServerBase service = new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        handlers.add(Thread.currentThread());
        return new FlightInfo(TestData.INTS, descriptor, List.of(), -1, -1, false, null);
      }
    };
    try (FlightServer server = FlightServer.builder(serverAlloc, Location.forInProcess("inline"), service)
            .directExecutor().build().start();
        FlightClient client = client(server)) {
      for (int i = 0; i < 3; i++) {
        assertEquals(FlightDescriptor.forPath("x"), client.getFlightInfo(FlightDescriptor.forPath("x")).descriptor());
      }
      // no hand-off: the caller's thread opened the call, ran the handler and read the answer
      assertEquals(List.of(Thread.currentThread(), Thread.currentThread(), Thread.currentThread()), handlers);
    }
  }

  @Test
  void aDirectHandlerThatWouldWaitOnItsOwnConnectionFailsInsteadOfHanging() throws Exception {
    // the handler runs on the caller's thread, inside the connection's loop: a call it makes on
    // the same connection cannot be answered until it returns, so waiting would hang; the guard
    // of directExecutor() refuses the wait instead
    FlightClient[] shared = new FlightClient[1];
    FlightServerBase service = new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        if (descriptor.path().get(0).equals("nested")) {
          return shared[0].getFlightInfo(FlightDescriptor.forPath("plain"));
        }
        return new FlightInfo(TestData.INTS, descriptor, List.of(), -1, -1, false, null);
      }
    };
    try (FlightServer server = FlightServer.builder(serverAlloc, Location.forInProcess("nested"), service)
            .directExecutor().build().start();
        FlightClient client = client(server)) {
      shared[0] = client;
      FlightError e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> assertThrows(FlightError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("nested"))));
      assertTrue(e.getMessage().contains("directExecutor()"), e.getMessage());
      assertEquals(FlightDescriptor.forPath("plain"), client.getFlightInfo(FlightDescriptor.forPath("plain")).descriptor());
    }
  }

  @Test
  void endpointsOnOtherInProcessServersAreFetched() throws Exception {
    // a catalog whose endpoints name two in-process data servers: EndpointFetcher connects to each
    FlightServerBase catalog = new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        return new FlightInfo(TestData.INTS, descriptor, List.of(
            new FlightEndpoint(Ticket.of("all"), Location.forInProcess("shard-1")),
            new FlightEndpoint(Ticket.of("all"), Location.forInProcess("shard-2"))), -1, -1, false, null);
      }
    };
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    try (FlightServer one = server("shard-1"); FlightServer two = server("shard-2");
        FlightServer cat = FlightServer.builder(serverAlloc, Location.forInProcess("catalog-of-shards"), catalog)
            .build().start();
        FlightClient client = client(cat);
        EndpointFetcher fetcher = new EndpointFetcher(client,
            FlightClientOptions.builder().allocator(clientAlloc).build(), 2)) {
      fetcher.fetch(client.getFlightInfo(FlightDescriptor.forPath("sharded")), (endpoint, reader) -> {
        while (reader.next()) {
          rows.addAndGet(reader.root().getRowCount());
        }
      });
      assertEquals(2L * BATCHES * ROWS, rows.get());
      assertEquals(List.of("in-process:shard-1", "in-process:shard-2"), peers.stream().sorted().toList());
    }
  }

  @Test
  void namesAreUniqueAndUnknownNamesAreUnavailable() throws Exception {
    try (FlightServer server = server("taken")) {
      IOException e = assertThrows(IOException.class, () -> server("taken"));
      assertTrue(e.getMessage().contains("in-process://taken"), e.getMessage());
    }
    FlightUnavailableError u = assertThrows(FlightUnavailableError.class,
        () -> FlightClient.connect(Location.forInProcess("nobody-here")));
    assertTrue(u.getMessage().contains("in-process://nobody-here"), u.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Location.parse("in-process://"));
    assertThrows(IllegalArgumentException.class, () -> Location.parse("in-process://a/b"));
    assertTrue(Location.parse("in-process://a.b_c-1").isInProcess());
  }

  @Test
  void aServerStartedAgainUnderItsNameIsReachedByTheSameClient() throws Exception {
    FlightServer first = server("again");
    try (FlightClient client = client(first)) {
      try (FlightStreamReader r = client.doGet(Ticket.of("all"))) {
        assertTrue(r.next());
      }
      first.close();
      assertThrows(FlightUnavailableError.class, () -> {
        try (FlightStreamReader r = client.doGet(Ticket.of("all"))) {
          r.next();
        }
      });
      try (FlightServer second = server("again"); FlightStreamReader r = client.doGet(Ticket.of("all"))) {
        assertTrue(r.next());
        TestData.assertRows(r.root(), 0, ROWS);
      }
    }
  }

  @Test
  void messageSizeLimitHoldsInProcess() throws Exception {
    try (FlightServer server = server("limits");
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(clientAlloc).maxInboundMessageSize(64 * 1024).build());
        FlightStreamReader r = client.doGet(Ticket.of("all"))) {
      FlightError e = assertThrows(FlightError.class, r::next);
      assertEquals(8, e.grpcCode(), e.toString()); // RESOURCE_EXHAUSTED, as over the network
    }
  }
}
