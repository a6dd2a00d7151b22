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
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
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

  /**
   * Their client against our servers: a server of ours per scenario, and one client process per
   * peer that runs every scenario against its server in turn (a verdict line each: PASS, FAIL, or
   * SKIP with the reason, reported as an aborted test).
   */
  @TestFactory
  Stream<DynamicNode> theirClientOurServer() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Peer peer : Peer.values()) {
      TheirClientRun run = new TheirClientRun(peer);
      nodes.add(DynamicContainer.dynamicContainer(peer + " client, our server",
          Scenarios.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> run.assertPassed(name)))));
    }
    return nodes.stream();
  }

  /** One client process of a peer over every scenario, each against a server of ours; run on first use. */
  private static final class TheirClientRun {
    private final Peer peer;
    private PeerProcess.Output out;
    private String serverFailure;

    TheirClientRun(Peer peer) {
      this.peer = peer;
    }

    private synchronized PeerProcess.Output output() throws Exception {
      if (out != null) {
        return out;
      }
      List<AutoCloseable> open = new ArrayList<>();
      try {
        BufferAllocator allocator = new RootAllocator();
        open.add(allocator);
        List<String> c = peer.command("client");
        c.addAll(List.of("-host", "localhost"));
        List<FlightServer> servers = new ArrayList<>();
        List<String> names = List.copyOf(Scenarios.names());
        for (String name : names) {
          Scenario scenario = Scenarios.get(name);
          FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
              scenario.service(allocator));
          scenario.configureServer(b);
          FlightServer server = b.build().start();
          open.add(0, server);
          servers.add(server);
          c.addAll(List.of("-scenario", name, "-port", Integer.toString(server.port())));
        }
        out = PeerProcess.run(c, 120L * servers.size(), TimeUnit.SECONDS);
        for (int i = 0; i < servers.size(); i++) {
          if (servers.get(i).activeCalls() != 0) {
            serverFailure = names.get(i) + ": calls still active on our server";
          }
        }
      } finally {
        for (AutoCloseable o : open) {
          o.close();
        }
      }
      return out;
    }

    void assertPassed(String name) throws Exception {
      PeerProcess.Output o = output();
      String verdict = o.text().lines()
          .filter(l -> l.equals("PASS " + name) || l.startsWith("FAIL " + name + ":") || l.startsWith("SKIP " + name + ":"))
          .findFirst().orElse("no verdict for " + name);
      assumeFalse(verdict.startsWith("SKIP "), () -> "peer cannot run it: " + verdict);
      assertEquals("PASS " + name, verdict, o.text());
      if (serverFailure != null && serverFailure.startsWith(name + ":")) {
        throw new AssertionError(serverFailure);
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
