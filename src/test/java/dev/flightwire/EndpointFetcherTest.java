package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading all endpoints: order, bounded concurrency, connection reuse, location fallback. */
class EndpointFetcherTest {
  private BufferAllocator allocator;
  private FlightServer a;
  private FlightServer b;
  private FlightServer c;
  private Location dead;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private FlightServerBase service(boolean origin) {
    return new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        String cmd = new String(descriptor.command());
        List<FlightEndpoint> endpoints = new ArrayList<>(List.of(
            new FlightEndpoint(Ticket.of("0")),
            new FlightEndpoint(Ticket.of("1"), dead, b.location()),
            new FlightEndpoint(Ticket.of("2"), b.location()),
            new FlightEndpoint(Ticket.of("3"), Location.reuseConnection()),
            new FlightEndpoint(Ticket.of("4"), c.location())));
        if (cmd.equals("broken")) {
          endpoints.add(new FlightEndpoint(Ticket.of("5"), dead));
        }
        return new FlightInfo(TestData.INTS, descriptor, endpoints, -1, -1, cmd.equals("ordered"), new byte[0]);
      }

      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
        }
        int k = Integer.parseInt(ticket.asString());
        return new GeneratorStream(TestData.INTS,
            List.of(FlightStreamChunk.owning(TestData.batch(allocator, k * 100, 10), null)));
      }
    };
  }

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    try (ServerSocket s = new ServerSocket(0)) {
      dead = Location.forGrpcTcp("localhost", s.getLocalPort());
    }
    a = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service(true)).build().start();
    b = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service(false)).build().start();
    c = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service(false)).build().start();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    c.close();
    allocator.close();
  }

  private List<Integer> fetch(String cmd, int concurrency, List<Integer> fetcherConnections) throws Exception {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    try (FlightClient client = FlightClient.connect(a.location(),
            FlightClientOptions.builder().allocator(allocator).build());
        EndpointFetcher fetcher = new EndpointFetcher(client,
            FlightClientOptions.builder().allocator(allocator).build(), concurrency)) {
      fetcher.fetch(client.getFlightInfo(FlightDescriptor.forCommand(cmd)), (endpoint, reader) -> {
        int k = Integer.parseInt(endpoint.ticket().asString());
        assertTrue(reader.next());
        TestData.assertRows(reader.root(), k * 100, 10);
        order.add(k);
      });
      fetcherConnections.add(fetcher.openConnections());
    }
    return order;
  }

  @Test
  void orderedEndpointsAreReadInOrderOneAtATime() throws Exception {
    List<Integer> connections = new ArrayList<>();
    assertEquals(List.of(0, 1, 2, 3, 4), fetch("ordered", 4, connections));
    assertEquals(1, maxInFlight.get());
    assertEquals(List.of(2), connections, "one connection each to B and C, the dead one not kept");
  }

  @Test
  void unorderedEndpointsAreReadConcurrentlyWithinTheBound() throws Exception {
    List<Integer> order = fetch("unordered", 2, new ArrayList<>());
    List<Integer> sorted = new ArrayList<>(order);
    sorted.sort(null);
    assertEquals(List.of(0, 1, 2, 3, 4), sorted);
    assertEquals(2, maxInFlight.get(), "at most, and here exactly, 2 streams at once");
  }

  @Test
  void anEndpointWithNoReachableLocationFails() {
    FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
        () -> fetch("broken", 3, new ArrayList<>()));
    assertTrue(e.getMessage().contains("no location of endpoint"), e.getMessage());
  }
}
