package dev.flightwire.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.Location;
import dev.flightwire.Ticket;
import dev.flightwire.demo.DemoService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.Test;

/** Runs the seed's examples as written in Java (and the README tour) against real servers. */
class ExamplesTest {
  private static String capture(Consumer<PrintStream> body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      body.accept(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private interface ServerBody {
    void run(FlightServer server) throws Exception;
  }

  private static void withDemo(Consumer<FlightServer.Builder> configure, ServerBody body) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         DemoService service = new DemoService(allocator)) {
      withServer(allocator, service, configure, body);
    }
  }

  private static void withServer(BufferAllocator allocator, FlightServerBase service,
      Consumer<FlightServer.Builder> configure, ServerBody body) throws Exception {
    FlightServer.Builder builder = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service);
    configure.accept(builder);
    try (FlightServer server = builder.build().start()) {
      body.run(server);
    }
  }

  private static String uri(FlightServer server) {
    return "grpc://localhost:" + server.port();
  }

  @Test
  void basicClientUsage() throws Exception {
    withDemo(b -> { }, server -> {
      String out = capture(o -> BasicClientExample.run(uri(server), o));
      assertTrue(out.contains("Flight: "), out);
      assertTrue(out.contains(" Records: 3"), out);
      assertTrue(out.contains("Retrieved table: 3 rows, 3 columns"), out);
      assertTrue(out.contains("Action result: dataset/products\ndataset/sales\nuploads/new_data"), out);
    });
  }

  @Test
  void authenticationByHandshake() throws Exception {
    withDemo(b -> b.authHandler(new AuthExample.SimpleAuthHandler()), server -> {
      String out = capture(o -> AuthExample.run(uri(server), o));
      assertTrue(out.contains("Found 4 flights"), out);
      try (FlightClient client = FlightClient.connect(uri(server))) {
        assertThrows(FlightUnauthenticatedError.class,
            () -> client.authenticate(new AuthExample.SimpleClientAuthHandler("user123", "wrong")));
        FlightUnauthenticatedError e = assertThrows(FlightUnauthenticatedError.class,
            () -> client.listFlights().toList());
        assertTrue(e.getMessage() != null, "the refusal says why");
      }
    });
  }

  @Test
  void advancedStreaming() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      withServer(allocator, new StreamingExample.StreamingFlightServer(allocator), b -> { }, server -> {
        String out = capture(o -> StreamingExample.run(uri(server), o));
        assertTrue(out.contains("Received batch 10: 1000 rows"), out);
        assertTrue(out.contains(" Average value: 0."), out);
        assertTrue(out.contains("Total: 10 batches, 10000 rows"), out);
        try (FlightClient client = FlightClient.connect(uri(server));
             FlightStreamReader reader = client.doGet(Ticket.of("streaming/time_series"));
             Table table = reader.readAll()) {
          assertEquals(180, table.getRowCount());
          assertEquals("sensor_002", table.immutableRow().setPosition(1).getVarCharObj("sensor_id"));
        }
      });
    }
  }

  @Test
  void middlewareAndMonitoring() throws Exception {
    ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    PrintStream serverOut = new PrintStream(serverLog, true, StandardCharsets.UTF_8);
    withDemo(b -> b.middleware("logging", new MiddlewareExample.LoggingServerMiddlewareFactory(serverOut)), server -> {
      String out = capture(o -> MiddlewareExample.run(uri(server), o));
      assertTrue(out.contains("Starting call: LIST_FLIGHTS"), out);
      assertTrue(out.contains("Received headers: "), out);
      assertTrue(out.contains("Request completed in "), out);
      assertTrue(out.contains("Listed 4 flights"), out);
    });
    String log = serverLog.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("Request started: LIST_FLIGHTS"), log);
    assertTrue(log.contains("Headers: "), log);
    assertTrue(log.contains("Request completed in "), log);
  }

  @Test
  void asynchronousApi() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      withDemo(b -> { }, server -> {
        AsyncExample.Outcome o = AsyncExample.run(uri(server), allocator, 50);
        assertTrue(o.salesRecords() > 0, o.toString());
        assertEquals(o.salesRecords(), o.rowsRead(), o.toString());
        assertEquals(50_000, o.rowsUploaded(), o.toString());
      });
    }
  }

  @Test
  void inProcess() throws Exception {
    try (BufferAllocator allocator = new RootAllocator(); DemoService service = new DemoService(allocator)) {
      assertEquals(3, InProcessExample.run(allocator, service, "dataset", "sales")); // the seed's sales table
    }
  }

  @Test
  void tour() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         Table table = TourExample.numbers(allocator, 200_000)) {
      withServer(allocator, new TourExample.HelloService(table), b -> { }, server ->
          assertEquals(200_000, TourExample.read(uri(server))));
    }
  }
}
