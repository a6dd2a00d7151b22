package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.middleware.ClientCookieMiddlewareFactory;
import dev.flightwire.middleware.ServerSessionMiddleware;
import dev.flightwire.middleware.ServerSessionMiddlewareFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Poll to completion, the typed well-known actions, and cookie sessions, our client and server. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class WellKnownActionsTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator allocator;
  private FlightServer server;
  private FlightClient client;
  private final AtomicInteger polls = new AtomicInteger();
  private final ServerSessionMiddlewareFactory sessions = new ServerSessionMiddlewareFactory();

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, transport.bindLocation(), new FlightServerBase() {
      @Override
      public PollInfo pollFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        FlightInfo info = new FlightInfo(new Schema(List.of()), descriptor, List.of());
        String cmd = new String(descriptor.command());
        if (cmd.equals("never")) {
          return new PollInfo(info, descriptor, 0.5, Instant.now().minusSeconds(1));
        }
        int n = polls.incrementAndGet();
        return n < 3 ? new PollInfo(info, FlightDescriptor.forCommand("step" + n), n / 3.0, null)
            : new PollInfo(info, null, 1.0, null);
      }

      @Override
      public Map<String, SessionOptionError> setSessionOptions(ServerCallContext context,
          Map<String, SessionOptionValue> options) {
        context.<ServerSessionMiddleware>middleware(ServerSessionMiddlewareFactory.KEY).session().options()
            .putAll(options);
        return Map.of();
      }

      @Override
      public Map<String, SessionOptionValue> getSessionOptions(ServerCallContext context) {
        ServerSessionMiddleware.Session s =
            context.<ServerSessionMiddleware>middleware(ServerSessionMiddlewareFactory.KEY).existingSession();
        if (s == null) {
          throw new FlightInvalidArgumentError("no session");
        }
        return s.options();
      }

      @Override
      public CloseSessionStatus closeSession(ServerCallContext context) {
        context.<ServerSessionMiddleware>middleware(ServerSessionMiddlewareFactory.KEY).closeSession();
        return CloseSessionStatus.CLOSED;
      }
    }).middleware(ServerSessionMiddlewareFactory.KEY, sessions).build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator)
        .middleware(new ClientCookieMiddlewareFactory()).build());
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
    allocator.close();
  }

  @Test
  void pollsUntilComplete() throws Exception {
    FlightInfo info = client.pollFlightInfoUntilComplete(FlightDescriptor.forCommand("query"), Duration.ofMillis(5),
        FlightCallOptions.DEFAULT);
    assertEquals(3, polls.get());
    assertEquals("step2", new String(info.descriptor().command()));
  }

  @Test
  void pollingAnExpiredQueryFails() {
    FlightTimedOutError e = assertThrows(FlightTimedOutError.class, () -> client.pollFlightInfoUntilComplete(
        FlightDescriptor.forCommand("never"), Duration.ofMillis(5), FlightCallOptions.DEFAULT));
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void unimplementedWellKnownActionsSaySo() {
    FlightInfo info = new FlightInfo(new Schema(List.of()), FlightDescriptor.forCommand("x"), List.of());
    FlightUnimplementedError e = assertThrows(FlightUnimplementedError.class, () -> client.cancelFlightInfo(info));
    assertTrue(e.getMessage().contains("CancelFlightInfo"), e.getMessage());
    assertThrows(FlightUnimplementedError.class,
        () -> client.renewFlightEndpoint(new FlightEndpoint(Ticket.of("t"))));
  }

  @Test
  void sessionsFollowTheCookieUntilClosed() {
    assertThrows(FlightInvalidArgumentError.class, () -> client.getSessionOptions());
    client.setSessionOptions(Map.of("a", SessionOptionValue.of(1L), "b", SessionOptionValue.of(List.of("x", "y"))));
    assertEquals(1, sessions.openSessions());
    assertEquals(Map.of("a", SessionOptionValue.of(1L), "b", SessionOptionValue.of(List.of("x", "y"))),
        client.getSessionOptions());
    assertEquals(CloseSessionStatus.CLOSED, client.closeSession());
    assertEquals(0, sessions.openSessions());
    assertThrows(FlightInvalidArgumentError.class, () -> client.getSessionOptions());
  }
}
