package dev.flightwire.examples;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import org.apache.arrow.memory.BufferAllocator;

/** The README's in-process section: a server and its client in one JVM, no socket. */
public final class InProcessExample {
  private InProcessExample() {}

  /** Serves {@code service} as {@code in-process://catalog}; returns the rows of {@code path}'s first endpoint. */
  public static long run(BufferAllocator allocator, FlightServerBase service, String... path) throws Exception {
    FlightServer server = FlightServer.builder(allocator, Location.forInProcess("catalog"), service)
        .directExecutor()           // optional: unary handlers answer on the caller's thread
        .build().start();
    FlightClient client = FlightClient.connect(Location.parse("in-process://catalog"));
    try (server; client) {
      FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath(path));
      long rows = 0;
      try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
        while (reader.next()) {
          rows += reader.root().getRowCount();
        }
      }
      return rows;
    }
  }
}
