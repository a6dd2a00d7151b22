package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.internal.integration.Scenario;
import dev.flightwire.internal.integration.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrow's cross-language Flight integration scenarios, in both directions, against the Arrow Java
 * flight-core 18.3.0 peer and the pyarrow peer. A peer that cannot express a scenario says SKIP
 * (exit 3) with the reason; that is reported as an aborted test, never as a pass.
 */
class IntegrationScenariosTest {
  enum Peer {
    ARROW_JAVA, PYARROW;

    List<String> command(String role) {
      List<String> c = new ArrayList<>();
      if (this == ARROW_JAVA) {
        c.addAll(List.of(WireEnv.javaPeerRun().toString(), "integration", role));
      } else {
        c.addAll(List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/integration.py").toString(), role));
      }
      return c;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Peer p : Peer.values()) {
      for (String s : Scenarios.names()) {
        all.add(Arguments.of(p, s));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} client, our server: {1}")
  @MethodSource("cases")
  void theirClientOurServer(Peer peer, String name) throws Exception {
    Scenario scenario = Scenarios.get(name);
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
          scenario.service(allocator));
      scenario.configureServer(b);
      try (FlightServer server = b.build().start()) {
        List<String> c = peer.command("client");
        c.addAll(List.of("-host", "localhost", "-port", Integer.toString(server.port()), "-scenario", name));
        PeerProcess.Output out = PeerProcess.run(c, 120, TimeUnit.SECONDS);
        assumeFalse(out.exitCode() == 3, () -> "peer cannot run it: " + out.text().strip());
        assertEquals(0, out.exitCode(), out.text());
        assertTrue(out.text().contains("PASS " + name), out.text());
      }
    }
  }

  @ParameterizedTest(name = "our client, {0} server: {1}")
  @MethodSource("cases")
  void ourClientTheirServer(Peer peer, String name) throws Exception {
    Scenario scenario = Scenarios.get(name);
    List<String> c = peer.command("server");
    c.addAll(List.of("-port", "0", "-scenario", name));
    try (PeerProcess server = startOrSkip(c);
        BufferAllocator allocator = new RootAllocator()) {
      FlightClientOptions.Builder ob = FlightClientOptions.builder().allocator(allocator);
      scenario.configureClient(ob);
      try (FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", server.port()), ob.build())) {
        scenario.runClient(allocator, client);
      }
    }
  }

  private static PeerProcess startOrSkip(List<String> command) throws Exception {
    try {
      return PeerProcess.startServer(command);
    } catch (java.io.IOException e) {
      assumeFalse(e.getMessage().contains("SKIP"), () -> "peer cannot run it: " + e.getMessage());
      throw e;
    }
  }
}
