package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.GeneratorStream;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.Waits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults: a pyarrow client killed (SIGKILL) mid-DoGet, mid-DoPut and mid-DoExchange; a deadline
 * expiring while streaming; a saturated executor. After each: zero bytes left on the server's
 * allocator, no call still running, the server answers a new call, and a DoPut cut short is
 * reported to its handler as a failure, never as a short successful upload.
 */
class FaultsTest {
  private static final Schema SCHEMA = Int64Data.SCHEMA;

  private BufferAllocator allocator;
  private FlightServer server;
  private final List<String> uploads = new CopyOnWriteArrayList<>();
  private final AtomicInteger generatorsClosed = new AtomicInteger();
  private volatile CountDownLatch slowCallsStarted = new CountDownLatch(0);
  private final CountDownLatch release = new CountDownLatch(1);


  /** An endless, lazily produced stream that says when it is closed. */
  private final class Endless implements Iterator<FlightStreamChunk>, AutoCloseable {
    private final long pauseMillis;
    private int i;

    Endless(long pauseMillis) {
      this.pauseMillis = pauseMillis;
    }

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public FlightStreamChunk next() {
      if (pauseMillis > 0) {
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return FlightStreamChunk.owning(Int64Data.batch(allocator, 1000L * i++, 1000), null);
    }

    @Override
    public void close() {
      generatorsClosed.incrementAndGet();
    }
  }

  @BeforeEach
  void start() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        return new GeneratorStream(SCHEMA, new Endless(ticket.asString().equals("slow") ? 100 : 0));
      }

      @Override
      public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightMetadataWriter writer) {
        long rows = 0;
        try {
          while (reader.next()) {
            rows += reader.root().getRowCount();
          }
          uploads.add("ok " + rows);
        } catch (FlightError e) {
          uploads.add("failed " + e.getClass().getSimpleName() + " after " + rows);
          throw e;
        }
      }

      @Override
      public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightStreamWriter writer) {
        boolean begun = false;
        while (reader.next()) {
          if (!begun) {
            writer.begin(reader.schema());
            begun = true;
          }
          writer.writeBatch(reader.root());
        }
      }

      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        if (action.type().equals("hold")) {
          slowCallsStarted.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return List.of(Result.of("ok"));
      }
    }).maxThreads(4).build().start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    allocator.close();
  }

  private void assertRecovered() throws Exception {
    Waits.until(() -> server.activeCalls() == 0 && allocator.getAllocatedMemory() == 0, Duration.ofSeconds(15));
    assertEquals(0, server.activeCalls(), "calls still running");
    assertEquals(0, allocator.getAllocatedMemory(), "bytes left on the server's allocator");
    try (BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(a).build())) {
      assertEquals(List.of(Result.of("ok")), client.doAction(new Action("ping")).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", "put", "exchange"})
  void clientKilledMidCall(String mode) throws Exception {
    Process p = new ProcessBuilder(WireEnv.python(), WireEnv.wireTests().resolve("python/fault_client.py").toString(),
        "--port", Integer.toString(server.port()), "--mode", mode).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.contains("STARTED")) {
        seen.append(line).append('\n');
      }
      assertTrue(line != null, "the client never started: " + seen);
      // killed while our server is in the call
      assertTrue(Waits.until(() -> server.activeCalls() > 0, Duration.ofSeconds(10)), "the call never reached the server");
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    assertRecovered();
    if (mode.equals("get")) {
      assertEquals(1, generatorsClosed.get(), "the generator was closed");
    }
    if (mode.equals("put")) {
      assertEquals(1, uploads.size(), uploads.toString());
      assertTrue(uploads.get(0).startsWith("failed FlightCancelledError"), uploads.toString());
    }
  }

  @Test
  void deadlineExpiresWhileStreaming() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(a).build())) {
      FlightTimedOutError e = assertThrows(FlightTimedOutError.class, () -> {
        try (FlightStreamReader r = client.doGet(Ticket.of("slow"), FlightCallOptions.timeout(Duration.ofMillis(400)))) {
          while (r.next()) {
            // 10 batches a second: the deadline ends it
          }
        }
      });
      assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }
    assertRecovered();
    assertEquals(1, generatorsClosed.get());
  }

  @Test
  void aSaturatedExecutorRefusesNewCallsAndRecovers() throws Exception {
    slowCallsStarted = new CountDownLatch(4);
    List<Thread> holders = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(a).build())) {
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> client.doAction(new Action("hold")).toList());
        t.start();
        holders.add(t);
      }
      assertTrue(slowCallsStarted.await(10, TimeUnit.SECONDS));
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
          () -> client.doAction(new Action("ping")).toList());
      assertTrue(e.getMessage().contains("busy"), e.getMessage());
      release.countDown();
      for (Thread t : holders) {
        t.join(10_000);
      }
    }
    assertRecovered();
  }
}
