package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.testing.LocalPair;
import dev.flightwire.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog ({@code serve --shard}) in process, in front of data servers on loopback: a replica
 * that lacks a flight does not hide its shard's part, and shards that refuse a scan command are
 * asked for its path all at once, within the caller's deadline.
 */
class CatalogServiceTest {
  private static final Schema SCHEMA = DirectoryDatasetTest.SCHEMA;

  @TempDir
  Path dir;
  private BufferAllocator allocator;
  private final List<FlightServer> servers = new ArrayList<>();
  private final List<Shard> shards = new ArrayList<>();
  private CatalogService catalog;
  private LocalPair pair;

  @BeforeEach
  void start() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void stop() {
    if (pair != null) {
      pair.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    for (FlightServer s : servers) {
      s.close();
    }
    allocator.close();
  }

  private Location serve(FlightServerBase service) throws IOException {
    FlightServer s = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), service).build().start();
    servers.add(s);
    return s.location();
  }

  private Location serveDir(String name) throws IOException {
    return serve(new DirectoryService(Files.createDirectories(dir.resolve(name)), allocator));
  }

  private void shard(Location... replicas) {
    shards.add(new Shard(shards.size() + 1, List.of(replicas), new ClientSettings.Builder(replicas[0]).build(),
        allocator));
  }

  private void startCatalog() throws Exception {
    catalog = new CatalogService(List.copyOf(shards));
    pair = LocalPair.start(a -> catalog);
  }

  @Test
  void aReplicaWithoutTheFlightDoesNotHideTheShardsPart() throws Exception {
    Location lacking = serveDir("1a");
    Location having = serveDir("1b");
    Location two = serveDir("2");
    DirectoryDatasetTest.writeFile(dir.resolve("1b/sales.arrows"), SCHEMA, false, 0, 10);
    DirectoryDatasetTest.writeFile(dir.resolve("2/sales.arrows"), SCHEMA, false, 100, 5);
    DirectoryDatasetTest.writeFile(dir.resolve("2/only2.arrows"), SCHEMA, false, 200, 3);
    shard(lacking, having);
    shard(two);
    startCatalog();

    FlightInfo info = pair.client().getFlightInfo(FlightDescriptor.forPath("sales"));
    assertEquals(15, info.totalRecords());
    assertEquals(List.of(List.of(lacking, having), List.of(two)),
        info.endpoints().stream().map(FlightEndpoint::locations).toList());
    assertEquals(SCHEMA, pair.client().getSchema(FlightDescriptor.forPath("sales")).schema());
    // every replica of shard 1 says NOT_FOUND: shard 1 has no part of it
    assertEquals(3, pair.client().getFlightInfo(FlightDescriptor.forPath("only2")).totalRecords());
    FlightNotFoundError none = assertThrows(FlightNotFoundError.class,
        () -> pair.client().getFlightInfo(FlightDescriptor.forPath("nope")));
    assertTrue(none.getMessage().startsWith("none of the 2 shards has flight nope"), none.getMessage());
  }

  /**
   * A server that knows no commands (as pyarrow's examples): it refuses a scan after a while, and
   * answers its path only once every such shard asks at the same time.
   */
  private static final class NoCommands extends FlightServerBase {
    final CountDownLatch together;
    final List<Duration> remaining;

    NoCommands(CountDownLatch together, List<Duration> remaining) {
      this.together = together;
      this.remaining = remaining;
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      if (descriptor.isCommand()) {
        LocalPair.sleep(300);
        throw new FlightInvalidArgumentError("no commands here");
      }
      remaining.add(context.timeRemaining());
      together.countDown();
      try {
        if (!together.await(5, TimeUnit.SECONDS)) {
          throw new FlightUnavailableError("the other shard was not asked at the same time");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FlightUnavailableError("interrupted");
      }
      return FlightInfo.builder(SCHEMA, descriptor, List.of(new FlightEndpoint(Ticket.of("all")))).totalRecords(1)
          .build();
    }
  }

  @Test
  void shardsRefusingAScanAreAskedForItsPathInParallelWithinTheDeadline() throws Exception {
    CountDownLatch together = new CountDownLatch(2);
    List<Duration> remaining = new CopyOnWriteArrayList<>();
    shard(serve(new NoCommands(together, remaining)));
    shard(serve(new NoCommands(together, remaining)));
    startCatalog();
    FlightDescriptor scan = FlightDescriptor.forCommand("{\"type\": \"flightwire.scan\", \"path\": [\"sales\"],"
        + " \"columns\": [\"n\"]}");
    FlightInfo info = pair.client().getFlightInfo(scan, FlightCallOptions.timeout(Duration.ofSeconds(30)));
    assertEquals(2, info.totalRecords());
    assertEquals(scan, info.descriptor());
    assertEquals(2, remaining.size());
    for (Duration left : remaining) {
      // the first round took 300 ms: the second is given what is left of the caller's 30 s, not 30 s again
      assertTrue(left.compareTo(Duration.ofMillis(29_750)) < 0, remaining.toString());
    }
  }

  /** The shard calls' pool is bounded: past its threads, a call runs on the thread that makes it. */
  @Test
  void theShardCallPoolRunsCallsOnTheCallersThreadWhenFull() throws Exception {
    assertEquals(64, CatalogService.maxThreads(3));
    assertEquals(400, CatalogService.maxThreads(100));
    ThreadPoolExecutor pool = CatalogService.pool(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 64; i++) {
        pool.execute(() -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertTrue(Waits.until(() -> pool.getActiveCount() == 64, Duration.ofSeconds(10)), pool.toString());
      Thread caller = Thread.currentThread();
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      pool.execute(() -> ranOn.set(Thread.currentThread()));
      assertEquals(caller, ranOn.get());
      assertEquals(64, pool.getPoolSize());
    } finally {
      release.countDown();
      pool.shutdown();
    }
    assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }
}
