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
import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.auth.BasicClientAuthHandler;
import dev.flightwire.auth.BasicServerAuthHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Both authentication conventions against Arrow Java flight-core 18.3.0's own implementations
 * (BasicServerAuthHandler/authenticateBasic; GeneratedBearerTokenAuthenticator/authenticateBasicToken),
 * both directions (wire-tests/java-peer AuthPeer).
 */
class ArrowJavaAuthInteropTest {
  private static final FlightServerBase WHOAMI = new FlightServerBase() {
    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      return List.of(Result.of(context.peerIdentity()));
    }
  };

  private static String runClient(String mode, int port) throws Exception {
    PeerProcess.Output out = PeerProcess.run(List.of("bash", WireEnv.javaPeerRun().toString(), "auth", mode,
        "--port", Integer.toString(port)), 120, TimeUnit.SECONDS);
    assertEquals(0, out.exitCode(), out.text());
    return out.text();
  }

  @Test
  void arrowJavaBasicHandshakeClientAgainstOurServer() throws Exception {
    byte[] token = "arrow".getBytes(StandardCharsets.UTF_8);
    BasicServerAuthHandler auth = new BasicServerAuthHandler(new BasicServerAuthHandler.Validator() {
      @Override
      public byte[] getToken(String username, String password) {
        if (!username.equals("arrow") || !password.equals("flight")) {
          throw new FlightUnauthenticatedError("invalid username or password");
        }
        return token;
      }

      @Override
      public String isValid(byte[] t) {
        return Arrays.equals(t, token) ? "arrow" : null;
      }
    });
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), WHOAMI)
            .authHandler(auth).build().start()) {
      assertTrue(runClient("basic-client", server.port()).contains("PASS basic-client"));
    }
  }

  @Test
  void arrowJavaBearerClientAgainstOurServer() throws Exception {
    BasicBearerAuthenticator auth = new BasicBearerAuthenticator(
        (user, password) -> user.equals("user") && password.equals("pass") ? user : null);
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), WHOAMI)
            .headerAuthenticator(auth).build().start()) {
      assertTrue(runClient("header-client", server.port()).contains("PASS header-client"));
    }
  }

  @Test
  void ourBasicHandshakeClientAgainstArrowJavaServer() throws Exception {
    try (PeerProcess peer = PeerProcess.startServer(List.of("bash", WireEnv.javaPeerRun().toString(), "auth",
            "basic-server", "--port", "0"));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", peer.port()),
            FlightClientOptions.builder().allocator(allocator).build())) {
      assertThrows(FlightUnauthenticatedError.class, () -> client.doAction(new Action("whoami")).toList());
      client.authenticate(new BasicClientAuthHandler("arrow", "flight"));
      assertEquals(List.of(Result.of("arrow")), client.doAction(new Action("whoami")).toList());
    }
  }

  @Test
  void ourBearerClientAgainstArrowJavaServer() throws Exception {
    try (PeerProcess peer = PeerProcess.startServer(List.of("bash", WireEnv.javaPeerRun().toString(), "auth",
            "header-server", "--port", "0"));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", peer.port()),
            FlightClientOptions.builder().allocator(allocator).build())) {
      assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("user", "wrong"));
      client.authenticateBasicToken("user", "pass");
      assertEquals(List.of(Result.of("user")), client.doAction(new Action("whoami")).toList());
    }
  }
}
