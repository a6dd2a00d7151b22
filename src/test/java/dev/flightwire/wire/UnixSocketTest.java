package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.Ticket;
import dev.flightwire.demo.DemoService;
import dev.flightwire.internal.util.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** grpc+unix: our client and pyarrow's client against our server on a Unix domain socket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnixSocketTest {
  private BufferAllocator allocator;
  private DemoService service;
  private FlightServer server;
  private Path socket;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Transports.epoll(), "grpc+unix needs the native epoll transport, not in use here");
    allocator = new RootAllocator();
    service = new DemoService(allocator);
    socket = Files.createTempDirectory("flightwire").resolve("demo.sock");
    server = FlightServer.builder(allocator, Location.forGrpcUnix(socket.toString()), service).build().start();
  }

  @AfterAll
  void stop() throws Exception {
    if (allocator == null) {
      return; // skipped: no epoll
    }
    server.close();
    service.close();
    allocator.close();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(socket.getParent());
  }

  @Test
  void flightwireClientOverUnixSocket() {
    assertEquals("grpc+unix://" + socket, server.location().uri());
    try (BufferAllocator child = allocator.newChildAllocator("client", 0, Long.MAX_VALUE);
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(child).build());
        FlightStreamReader reader = client.doGet(Ticket.of("dataset/products"))) {
      assertTrue(reader.next());
      assertEquals(3, reader.root().getRowCount());
      List<Result> tables = client.doAction(new Action("list_tables")).toList();
      assertTrue(tables.get(0).bodyAsString().contains("dataset/sales"));
    }
  }

  @Test
  void pyarrowClientOverUnixSocket() throws Exception {
    PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("python/unix_client.py").toString(), "--path", socket.toString()),
        120, TimeUnit.SECONDS);
    assertEquals(0, out.exitCode(), out.text());
    assertTrue(out.text().contains("unix socket client: OK"), out.text());
  }
}
