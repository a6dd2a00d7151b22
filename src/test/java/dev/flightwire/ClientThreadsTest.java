package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Waits;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Clients share one event-loop group: many clients in one JVM cost a handful of threads, and the
 * shared group stops when its last client closes (and starts again for the next one).
 */
class ClientThreadsTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Live threads of the JVM, less the server's I/O threads (started lazily, one per connection up to 2x cores). */
  private static int threadsButTheServers() {
    long serverIo = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("flightwire-io")).count();
    return THREADS.getThreadCount() - (int) serverIo;
  }

  private static long clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("flightwire-client")).count();
  }

  private static void awaitNoClientThreads() throws InterruptedException {
    Waits.until(() -> clientThreads() == 0, Duration.ofSeconds(10));
  }

  @Test
  void aThousandClientsAddAHandfulOfThreadsAndCloseLeavesNone() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
            new FlightServerBase() {}).build().start()) {
      // warm the server's own threads up with one connection first
      FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build()).close();
      awaitNoClientThreads();
      int before = threadsButTheServers();
      List<FlightClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 1000; i++) {
          clients.add(FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build()));
        }
        int during = threadsButTheServers();
        int handful = Runtime.getRuntime().availableProcessors() + 8;
        assertTrue(during - before <= handful, "1000 clients added " + (during - before) + " threads (at most "
            + handful + " expected)");
        assertTrue(clientThreads() <= Runtime.getRuntime().availableProcessors(), clientThreads() + " client threads");
      } finally {
        clients.forEach(FlightClient::close);
      }
      awaitNoClientThreads();
      assertEquals(0, clientThreads(), "the shared group stops with its last client");

      // a later client starts the shared group again
      try (FlightClient again = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(allocator).build())) {
        assertTrue(clientThreads() > 0);
        assertThrows(FlightUnimplementedError.class, () -> again.listFlights(Criteria.ALL, FlightCallOptions.DEFAULT).toList());
      }
      awaitNoClientThreads();
      assertEquals(0, clientThreads());
    }
  }

  @Test
  void anApplicationsGroupIsUsedAndNotShutDown() throws Exception {
    EventLoopGroup group = dev.flightwire.internal.util.Transports.newGroup(1, "app-loop");
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
            new FlightServerBase() {}).build().start()) {
      for (int i = 0; i < 3; i++) {
        try (FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).eventLoopGroup(group).build())) {
          assertThrows(FlightUnimplementedError.class, () -> client.listFlights(Criteria.ALL, FlightCallOptions.DEFAULT).toList());
          assertEquals(0, clientThreads(), "no shared group is started when the application gives one");
        }
        assertFalse(group.isShuttingDown(), "the application's group stays up");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
