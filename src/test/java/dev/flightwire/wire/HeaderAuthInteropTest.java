package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnauthorizedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.testing.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The header convention (Basic answered with Bearer), against pyarrow in both directions. */
class HeaderAuthInteropTest {
  private static FlightServer ourServer(BufferAllocator allocator, Duration ttl) throws Exception {
    return ourServer(allocator, ttl, line -> { });
  }

  private static FlightServer ourServer(BufferAllocator allocator, Duration ttl, java.util.function.Consumer<String> log)
      throws Exception {
    BasicBearerAuthenticator auth = new BasicBearerAuthenticator(
        (user, password) -> user.equals("user") && password.equals("pass") ? user : null, ttl);
    return FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        if (action.type().equals("admin-only") && !context.peerIdentity().equals("admin")) {
          throw new FlightUnauthorizedError(context.peerIdentity() + " may not run admin-only");
        }
        return List.of(Result.of(context.peerIdentity()));
      }
    }).headerAuthenticator(auth).callLog(log).build().start();
  }

  /** Authenticated but not permitted: PERMISSION_DENIED; no credential ever shows in the server log. */
  @Test
  void authorizationAndLogsWithoutSecrets() throws Exception {
    List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator, Duration.ofHours(2), log::add);
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
      assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("user", "wrong-pass"));
      String bearer = client.authenticateBasicToken("user", "pass");
      FlightUnauthorizedError e = assertThrows(FlightUnauthorizedError.class,
          () -> client.doAction(new Action("admin-only")).toList());
      assertTrue(e.getMessage().contains("user may not run admin-only"), e.getMessage());
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami"),
          FlightCallOptions.builder().header("authorization", bearer + "x").build()).toList());
      Waits.until(() -> server.activeCalls() == 0, Duration.ofSeconds(5));
      assertEquals(0, server.activeCalls(), "calls left open after credential failures");
      String token = bearer.substring("Bearer ".length());
      assertTrue(log.size() >= 4, log.toString());
      for (String line : log) {
        assertFalse(line.contains(token) || line.contains("wrong-pass") || line.contains("pass\""), line);
      }
    }
  }

  @Test
  void pyarrowClientAgainstOurServer() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator, Duration.ofHours(2))) {
      PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(),
          WireEnv.wireTests().resolve("python/header_auth.py").toString(), "client", "--port",
          Integer.toString(server.port())), 120, TimeUnit.SECONDS);
      assertEquals(0, out.exitCode(), out.text());
      assertTrue(out.text().contains("PASS header_auth"), out.text());
    }
  }

  @Test
  void ourClientAgainstPyarrowServer() throws Exception {
    try (PeerProcess peer = PeerProcess.startServer(List.of(WireEnv.python(),
            WireEnv.wireTests().resolve("python/header_auth.py").toString(), "server", "--port", "0"));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", peer.port()),
            FlightClientOptions.builder().allocator(allocator).build())) {
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami")).toList());
      assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("user", "wrong"));
      String bearer = client.authenticateBasicToken("user", "pass");
      assertTrue(bearer.startsWith("Bearer "), bearer);
      assertEquals(List.of(Result.of("user")), client.doAction(new Action("whoami")).toList());
    }
  }

  @Test
  void expiredTokensAreRefused() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator, Duration.ofMillis(300));
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
      client.authenticateBasicToken("user", "pass");
      assertEquals(List.of(Result.of("user")), client.doAction(new Action("whoami")).toList());
      Thread.sleep(600);
      FlightUnauthenticatedError e = assertThrows(FlightUnauthenticatedError.class,
          () -> client.doAction(new Action("whoami")).toList());
      assertTrue(e.getMessage().contains("expired"), e.getMessage());
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami"),
          FlightCallOptions.builder().header("authorization", "Bearer made-up").build()).toList());
    }
  }
}
