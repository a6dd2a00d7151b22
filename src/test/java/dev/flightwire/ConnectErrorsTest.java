package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A server that cannot be reached is described in a user's words, not the transport's. */
class ConnectErrorsTest {
  @Test
  void refusedAndUnknownHostAndMissingSocket() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Location refused = Location.forGrpcTcp("localhost", port);
    FlightUnavailableError e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(refused));
    assertEquals("cannot connect to " + refused + ": connection refused by localhost:" + port, e.getMessage());

    Location unknown = Location.forGrpcTcp("no-such-host.invalid", 8815);
    e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(unknown));
    assertEquals("cannot connect to " + unknown + ": unknown host no-such-host.invalid", e.getMessage());

    Location missing = Location.parse("grpc+unix:///tmp/flightwire-no-such-socket-" + port + ".sock");
    e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(missing));
    if (dev.flightwire.internal.util.Transports.epoll()) {
      assertEquals("cannot connect to " + missing + ": no socket file at " + missing.path(), e.getMessage());
    } else {
      // NIO (flightwire.native=false, or no epoll here): grpc+unix is refused with the reason
      assertTrue(e.getMessage().startsWith("cannot connect to " + missing + ": grpc+unix locations need Netty's "
          + "native epoll transport"), e.getMessage());
    }
  }
}
