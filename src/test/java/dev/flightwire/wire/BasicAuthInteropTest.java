package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.auth.BasicClientAuthHandler;
import dev.flightwire.auth.BasicServerAuthHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The Arrow integration scenario auth:basic_proto, against pyarrow in both directions. */
class BasicAuthInteropTest {
  private static final byte[] TOKEN = "arrow".getBytes(StandardCharsets.UTF_8);

  private static FlightServer ourServer(BufferAllocator allocator) throws Exception {
    BasicServerAuthHandler auth = new BasicServerAuthHandler(new BasicServerAuthHandler.Validator() {
      @Override
      public byte[] getToken(String username, String password) {
        if (!username.equals("arrow") || !password.equals("flight")) {
          throw new FlightUnauthenticatedError("invalid username or password");
        }
        return TOKEN;
      }

      @Override
      public String isValid(byte[] token) {
        return Arrays.equals(token, TOKEN) ? "arrow" : null;
      }
    });
    return FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        return List.of(Result.of(context.peerIdentity()));
      }
    }).authHandler(auth).build().start();
  }

  @Test
  void pyarrowClientAgainstOurServer() throws Exception {
    try (BufferAllocator allocator = new RootAllocator(); FlightServer server = ourServer(allocator)) {
      PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(),
          WireEnv.wireTests().resolve("python/auth_basic.py").toString(), "client", "--port",
          Integer.toString(server.port())), 120, TimeUnit.SECONDS);
      assertEquals(0, out.exitCode(), out.text());
      assertTrue(out.text().contains("PASS auth:basic_proto"), out.text());
    }
  }

  @Test
  void ourClientAgainstPyarrowServer() throws Exception {
    try (PeerProcess peer = PeerProcess.startServer(List.of(WireEnv.python(),
            WireEnv.wireTests().resolve("python/auth_basic.py").toString(), "server", "--port", "0"));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", peer.port()),
            FlightClientOptions.builder().allocator(allocator).build())) {
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami")).toList());
      client.authenticate(new BasicClientAuthHandler("arrow", "flight"));
      List<Result> results = client.doAction(new Action("whoami")).toList();
      assertEquals(List.of(Result.of("arrow")), results);
    }
  }

  @Test
  void wrongPasswordIsUnauthenticatedAndLeavesTheServerServing() throws Exception {
    try (BufferAllocator allocator = new RootAllocator(); FlightServer server = ourServer(allocator);
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
      FlightUnauthenticatedError e = assertThrows(FlightUnauthenticatedError.class,
          () -> client.authenticate(new BasicClientAuthHandler("arrow", "wrong")));
      assertTrue(e.getMessage().contains("invalid username or password"), e.getMessage());
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami")).toList());
      client.authenticate(new BasicClientAuthHandler("arrow", "flight"));
      assertEquals(List.of(Result.of("arrow")), client.doAction(new Action("whoami")).toList());
    }
  }
}
