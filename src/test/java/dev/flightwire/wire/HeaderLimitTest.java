package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Request headers over the limit a server announces (SETTINGS_MAX_HEADER_LIST_SIZE: 16 KiB for
 * flightwire and gRPC C++) fail the call with RESOURCE_EXHAUSTED and the reason, not as a lost
 * connection, and the connection keeps serving; a server announcing no limit (Arrow Java's) gets
 * the call.
 */
class HeaderLimitTest {
  private static FlightError bigHeaderCall(int port) {
    try (FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", port))) {
      FlightCallOptions opts = FlightCallOptions.builder().timeout(Duration.ofSeconds(20))
          .header("x-big", "a".repeat(40_000)).build();
      FlightError e = assertThrows(FlightError.class, () -> client.doAction(new Action("list_tables"), opts).toList());
      // and the connection keeps working for calls within the limit: the server answers this one
      FlightError answered = assertThrows(FlightError.class,
          () -> client.doAction(new Action("no-such-action-x")).toList());
      assertTrue(answered.grpcCode() != 14 && answered.grpcCode() != 8, answered.toString());
      return e;
    }
  }

  private static void assertTooLarge(FlightError e, int limit) {
    assertEquals(8, e.grpcCode(), e.toString());
    assertTrue(e.getMessage().contains("request headers of ") && e.getMessage().contains(
        " exceed the server's limit of " + limit + " bytes"), e.getMessage());
  }

  @Test
  void ourServer() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
             new FlightServerBase() {}).build().start()) {
      FlightError e = bigHeaderCall(server.port());
      assertTooLarge(e, 16_384);
    }
  }

  @Test
  void pyarrowServer() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/peer_server.py").toString()));
    cmd.addAll(List.of("--port", "0", "--data-dir", WireEnv.dataDir().toString()));
    try (PeerProcess p = PeerProcess.startServer(cmd)) {
      FlightError e = bigHeaderCall(p.port());
      assertTooLarge(e, 16_384);
    }
  }

  @Test
  void arrowJavaServer() throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", WireEnv.javaPeerRun().toString(), "server"));
    cmd.addAll(List.of("--port", "0", "--data-dir", WireEnv.dataDir().toString()));
    try (PeerProcess p = PeerProcess.startServer(cmd)) {
      FlightError e = bigHeaderCall(p.port());
      assertEquals(12, e.grpcCode(), "the server answered the call itself: " + e);
    }
  }
}
