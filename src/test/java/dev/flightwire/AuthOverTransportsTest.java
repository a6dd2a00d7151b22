package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.examples.AuthExample;
import dev.flightwire.testing.TestTransport;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Handshake authentication and header (Basic, then Bearer) authentication behave the same over
 * TCP, a Unix socket and in-process: the right credentials give the handler its peer identity,
 * wrong ones and missing ones are UNAUTHENTICATED.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class AuthOverTransportsTest {
  @Parameter
  TestTransport transport;

  private BufferAllocator allocator;

  /** Answers DoAction with the caller's peer identity. */
  private static final class WhoAmI extends FlightServerBase {
    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      return List.of(Result.of(context.peerIdentity()));
    }
  }

  @BeforeEach
  void start() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void stop() {
    allocator.close();
  }

  private static String whoAmI(FlightClient client) {
    return client.doAction(new Action("who")).toList().get(0).bodyAsString();
  }

  @Test
  void handshake() throws Exception {
    try (FlightServer server = FlightServer.builder(allocator, transport.bindLocation(), new WhoAmI())
            .authHandler(new AuthExample.SimpleAuthHandler()).build().start();
        FlightClient client = FlightClient.connect(server.location())) {
      assertThrows(FlightUnauthenticatedError.class, () -> whoAmI(client));
      assertThrows(FlightUnauthenticatedError.class,
          () -> client.authenticate(new AuthExample.SimpleClientAuthHandler("user123", "wrong")));
      client.authenticate(new AuthExample.SimpleClientAuthHandler("user123", "secret456"));
      assertEquals("user123", whoAmI(client));
    }
  }

  @Test
  void basicThenBearer() throws Exception {
    BasicBearerAuthenticator auth = new BasicBearerAuthenticator(
        (user, password) -> password.equals("pw-" + user) ? user : null);
    try (FlightServer server = FlightServer.builder(allocator, transport.bindLocation(), new WhoAmI())
            .headerAuthenticator(auth).build().start();
        FlightClient client = FlightClient.connect(server.location())) {
      assertThrows(FlightUnauthenticatedError.class, () -> whoAmI(client));
      assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("ann", "nope"));
      String bearer = client.authenticateBasicToken("ann", "pw-ann");
      assertEquals(true, bearer.startsWith("Bearer "), bearer);
      assertEquals("ann", whoAmI(client));
    }
  }
}
