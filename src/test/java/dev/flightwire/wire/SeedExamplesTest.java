package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The seed's pyarrow client examples, run as written (port adapted) against our demo service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedExamplesTest {
  private BufferAllocator allocator;
  private DemoService service;
  private FlightServer server;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    service = new DemoService(allocator);
    server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service).build().start();
  }

  @AfterAll
  void stop() {
    server.close();
    service.close();
    allocator.close();
  }

  private String run(String script) throws Exception {
    PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("python/seed_examples/" + script).toString(), "--port",
        Integer.toString(server.port())), 120, TimeUnit.SECONDS);
    assertEquals(0, out.exitCode(), script + " failed:\n" + out.text());
    return out.text();
  }

  @Test
  void basicUsage() throws Exception {
    String out = run("basic_client.py");
    assertTrue(out.contains("Retrieved table: 3 rows, 3 columns"), out);
  }

  @Test
  void streaming() throws Exception {
    String out = run("streaming_client.py");
    assertTrue(out.contains("Total: 10 batches, 10000 rows"), out);
  }

  @Test
  void actions() throws Exception {
    String out = run("actions_client.py");
    assertTrue(out.contains("list_tables"), out);
  }
}
