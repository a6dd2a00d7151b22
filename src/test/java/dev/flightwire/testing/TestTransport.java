package dev.flightwire.testing;

import dev.flightwire.Location;
import dev.flightwire.internal.util.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The transports the client-server suites run over, so that behaviour is the same on each: TCP on
 * loopback, a Unix domain socket (skipped where the native transport is not in use), in-process.
 */
public enum TestTransport {
  TCP,
  UNIX,
  IN_PROCESS;

  private static final AtomicInteger NEXT = new AtomicInteger();

  /**
   * A fresh location for a server to listen on (a new socket path or in-process name each time).
   * Skips the test (an assumption) when this transport is not available here.
   */
  public Location bindLocation() {
    switch (this) {
      case TCP:
        return Location.forGrpcTcp("127.0.0.1", 0);
      case UNIX:
        Assumptions.assumeTrue(Transports.epoll(), "grpc+unix needs the native epoll transport, not in use here");
        try {
          Path dir = Files.createTempDirectory("fw-sock");
          dir.toFile().deleteOnExit();
          Path socket = dir.resolve("s" + NEXT.incrementAndGet() + ".sock");
          socket.toFile().deleteOnExit();
          return Location.forGrpcUnix(socket.toString());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      default:
        return Location.forInProcess("test-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
    }
  }
}
