package dev.flightwire.examples;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;

/** The README's five-minute tour: a server with one table, and a client reading it. */
public final class TourExample {
  private TourExample() {}

  /** Serves one table under the path {@code hello}. */
  public static final class HelloService extends FlightServerBase {
    private final Table table;

    public HelloService(Table table) {
      this.table = table;   // borrowed: the caller closes it after the server
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      return FlightInfo.forTable(table, descriptor, List.of(new FlightEndpoint(Ticket.of("hello"))));
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      return new RecordBatchStream(table, 65_536);   // batches share the table's buffers: no copy
    }
  }

  public static void main(String[] args) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         Table table = numbers(allocator, 1_000_000);
         FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 8815),
             new HelloService(table)).build().start()) {
      System.out.println("Serving on " + server.location());
      server.awaitTermination();
    }
  }

  /** The client: finds the flight, then reads its batches as they arrive. */
  static long read(String location) {
    long rows = 0;
    try (FlightClient client = FlightClient.connect(location)) {
      FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("hello"));
      try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
        while (reader.next()) {
          VectorSchemaRoot batch = reader.root();   // valid until the next call to next()
          rows += batch.getRowCount();
        }
      }
    }
    return rows;
  }

  /** A one-column table {@code n} = 0, 1, ..., count - 1; the table takes ownership of the vector. */
  static Table numbers(BufferAllocator allocator, int count) {
    BigIntVector n = new BigIntVector("n", allocator);
    n.allocateNew(count);
    for (int i = 0; i < count; i++) {
      n.set(i, i);
    }
    n.setValueCount(count);
    return new Table(List.of(n));
  }
}
