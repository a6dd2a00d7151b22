package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bounded load: 200 concurrent callers over 20 connections, mixed unary, DoGet and DoPut, a fixed
 * number of calls; zero errors, zero bytes left. The soak variant runs the same mix for
 * {@code -Dflightwire.soak.minutes=N} minutes and checks that memory stays flat (not in CI).
 */
class LoadTest {
  private static final int CONNECTIONS = 20;
  private static final int CALLERS = 200;

  private static FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        return List.of(Result.of(action.type()));
      }

      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        List<FlightStreamChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          chunks.add(FlightStreamChunk.owning(TestData.batch(allocator, i * 1000, 1000), null));
        }
        return new GeneratorStream(TestData.INTS, chunks);
      }

      @Override
      public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightMetadataWriter writer) {
        int from = 0;
        while (reader.next()) {
          TestData.assertRows(reader.root(), from, reader.root().getRowCount());
          from += reader.root().getRowCount();
        }
        writer.write(Integer.toString(from).getBytes());
      }
    };
  }

  /** Runs the mix until {@code rounds} per caller are done or {@code endNanos} passes. */
  private static long run(FlightServer server, BufferAllocator clientAllocator, int rounds, long endNanos,
      ConcurrentLinkedQueue<String> errors) throws Exception {
    List<FlightClient> clients = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      clients.add(FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(clientAllocator)
          .build()));
    }
    AtomicLong calls = new AtomicLong();
    CountDownLatch done = new CountDownLatch(CALLERS);
    try {
      for (int c = 0; c < CALLERS; c++) {
        FlightClient client = clients.get(c % CONNECTIONS);
        Thread t = new Thread(() -> {
          try {
            for (int r = 0; r < rounds && System.nanoTime() < endNanos; r++) {
              assertEquals("a" + r, client.doAction(new Action("a" + r)).toList().get(0).bodyAsString());
              calls.incrementAndGet();
              try (FlightStreamReader reader = client.doGet(Ticket.of("t"))) {
                int from = 0;
                while (reader.next()) {
                  TestData.assertRows(reader.root(), from, 1000);
                  from += 1000;
                }
                assertEquals(10_000, from);
              }
              calls.incrementAndGet();
              try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("p"), TestData.INTS);
                  VectorSchemaRoot root = VectorSchemaRoot.create(TestData.INTS, clientAllocator)) {
                for (int b = 0; b < 5; b++) {
                  TestData.fill(root, b * 500, 500);
                  put.writer().writeBatch(root);
                }
                put.writer().doneWriting();
                assertEquals("2500", new String(put.reader().read()));
              }
              calls.incrementAndGet();
            }
          } catch (Throwable e) {
            errors.add(e.toString());
          } finally {
            done.countDown();
          }
        }, "load-" + c);
        t.setDaemon(true);
        t.start();
      }
      assertTrue(done.await(10, TimeUnit.MINUTES), "callers did not finish");
    } finally {
      clients.forEach(FlightClient::close);
    }
    return calls.get();
  }

  @Test
  void boundedMixedLoadHasNoErrors() throws Exception {
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long calls;
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator();
        FlightServer server = FlightServer.builder(serverAllocator, Location.forGrpcTcp("localhost", 0),
            service(serverAllocator)).build().start()) {
      calls = run(server, clientAllocator, 5, Long.MAX_VALUE, errors);
      assertEquals(0, server.activeCalls());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("load: %d callers over %d connections, %d calls in %.1f s, %d errors%n", CALLERS,
        CONNECTIONS, calls, seconds, errors.size());
    assertEquals(List.of(), new ArrayList<>(errors));
    assertEquals(CALLERS * 5 * 3L, calls);
  }

  /** mvn -B test -Dtest=LoadTest#soak -Dflightwire.soak.minutes=30 (see RELIABILITY.md). */
  @Test
  void soak() throws Exception {
    int minutes = Integer.getInteger("flightwire.soak.minutes", 0);
    Assumptions.assumeTrue(minutes > 0, "soak runs only with -Dflightwire.soak.minutes=N");
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<Long> heapAfterGc = new ArrayList<>();
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator();
        FlightServer server = FlightServer.builder(serverAllocator, Location.forGrpcTcp("localhost", 0),
            service(serverAllocator)).build().start()) {
      long total = 0;
      for (int m = 0; m < minutes; m++) {
        total += run(server, clientAllocator, Integer.MAX_VALUE, System.nanoTime() + TimeUnit.MINUTES.toNanos(1),
            errors);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        heapAfterGc.add(rt.totalMemory() - rt.freeMemory());
        System.out.printf("soak minute %d: %d calls so far, heap after GC %d MiB, direct (Arrow) %d bytes, "
            + "errors %d%n", m + 1, total, heapAfterGc.get(m) >> 20, serverAllocator.getAllocatedMemory()
            + clientAllocator.getAllocatedMemory(), errors.size());
      }
    }
    assertEquals(List.of(), new ArrayList<>(errors));
    if (heapAfterGc.size() >= 3) {
      long early = heapAfterGc.get(1);
      long late = heapAfterGc.get(heapAfterGc.size() - 1);
      assertTrue(late < early * 1.5 + (64 << 20), "heap grew from " + early + " to " + late);
    }
  }
}
