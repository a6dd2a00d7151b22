package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.LocalPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's directExecutor(): which calls run on the event loop (no task reaches the executor,
 * counted by an executor that counts what it is given), which stay on the executor, and the guard
 * that makes a handler that would block on the event loop fail with a status that says why.
 */
@org.junit.jupiter.params.ParameterizedClass
// over the network transports: in-process, a nested call from a direct handler to a free
// connection completes without waiting at all (InProcessTest covers the in-process hand-offs)
@org.junit.jupiter.params.provider.EnumSource(value = dev.flightwire.testing.TestTransport.class, names = {"TCP", "UNIX"})
class DirectExecutorTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private static final int CALLS = 50;

  /** Counts the tasks it runs; its threads are named "counted-". */
  private static final class CountingExecutor implements Executor {
    final AtomicInteger tasks = new AtomicInteger();
    final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "counted-" + System.nanoTime());
      t.setDaemon(true);
      return t;
    });

    @Override
    public void execute(Runnable command) {
      tasks.incrementAndGet();
      pool.execute(command);
    }
  }

  private final CountingExecutor executor = new CountingExecutor();
  private final Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
  private LocalPair pair;
  private final List<VectorSchemaRoot> served = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final class Service extends FlightServerBase {
    private final BufferAllocator allocator;

    Service(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      handlerThreads.add(Thread.currentThread().getName());
      if (descriptor.path().get(0).equals("nested")) {
        // a proxy that asks another Flight service with the blocking client: it must wait
        try (FlightClient other = FlightClient.connect(pair.server().location())) {
          return other.getFlightInfo(FlightDescriptor.forPath("plain"));
        }
      }
      return new FlightInfo(Int64Data.SCHEMA, descriptor, List.of(), 7, -1, false, null);
    }

    @Override
    public CompletionStage<SchemaResult> getSchemaAsync(ServerCallContext context, FlightDescriptor descriptor) {
      handlerThreads.add(Thread.currentThread().getName());
      return CompletableFuture.supplyAsync(() -> new SchemaResult(Int64Data.SCHEMA),
          CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      handlerThreads.add(Thread.currentThread().getName());
      return List.of(new Result("a".getBytes(StandardCharsets.UTF_8)), new Result("b".getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      handlerThreads.add(Thread.currentThread().getName());
      VectorSchemaRoot b = Int64Data.batch(allocator, 0, 100);
      served.add(b); // borrowed by the stream: closed after the test
      return new RecordBatchStream(Int64Data.SCHEMA, List.of(b), null);
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter ackWriter) {
      handlerThreads.add(Thread.currentThread().getName());
      Int64Data.readAll(reader);
    }
  }

  private void start(boolean direct) throws Exception {
    pair = LocalPair.start(transport, Service::new, b -> direct ? b.executor(executor).directExecutor() : b.executor(executor),
        o -> o);
  }

  @AfterEach
  void close() throws Exception {
    served.forEach(VectorSchemaRoot::close);
    if (pair != null) {
      pair.close();
    }
    executor.pool.shutdownNow();
  }

  private static boolean onExecutor(Set<String> threads) {
    return threads.stream().allMatch(n -> n.startsWith("counted-"));
  }

  @Test
  void withoutItEveryUnaryCallIsOneTaskOfTheExecutor() throws Exception {
    start(false);
    for (int i = 0; i < CALLS; i++) {
      assertEquals(7, pair.client().getFlightInfo(FlightDescriptor.forPath("plain")).totalRecords());
    }
    assertEquals(CALLS, executor.tasks.get());
    assertTrue(onExecutor(handlerThreads), handlerThreads.toString());
  }

  @Test
  void unaryCallsAndTheirAsyncFormsRunOnTheEventLoop() throws Exception {
    start(true);
    for (int i = 0; i < CALLS; i++) {
      assertEquals(7, pair.client().getFlightInfo(FlightDescriptor.forPath("plain")).totalRecords());
      assertEquals(2, pair.client().doActionAsync(new Action("x", new byte[0])).get().size());
      assertEquals(Int64Data.SCHEMA, pair.client().getSchema(FlightDescriptor.forPath("s")).schema());
    }
    assertEquals(0, executor.tasks.get(), "no call may reach the executor");
    assertTrue(handlerThreads.stream().noneMatch(n -> n.startsWith("counted-")), handlerThreads.toString());
    assertEquals(0, pair.server().activeCalls());
  }

  @Test
  void streamingCallsThatWaitStayOnTheExecutor() throws Exception {
    start(true);
    try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
      assertEquals(100, Int64Data.readAll(r));
    }
    try (BufferAllocator a = pair.clientAllocator().newChildAllocator("put", 0, Long.MAX_VALUE);
        VectorSchemaRoot b = Int64Data.batch(a, 0, 10);
        DoPutStreams put = pair.client().doPut(FlightDescriptor.forPath("p"), Int64Data.SCHEMA)) {
      put.writer().writeBatch(b);
      put.complete();
    }
    assertEquals(2, executor.tasks.get());
    assertTrue(onExecutor(handlerThreads), handlerThreads.toString());
  }

  @Test
  void aHandlerThatWouldBlockTheEventLoopFailsWithAStatusThatSaysWhy() throws Exception {
    start(true);
    FlightError e = assertThrows(FlightError.class,
        () -> pair.client().getFlightInfo(FlightDescriptor.forPath("nested")));
    assertTrue(e.getMessage().contains("directExecutor()") && e.getMessage().contains("block the event loop"),
        e.getMessage());
    // the event loop is free: the server serves the next calls
    assertEquals(7, pair.client().getFlightInfo(FlightDescriptor.forPath("plain")).totalRecords());
    assertNotEquals(0, handlerThreads.size());
  }
}
