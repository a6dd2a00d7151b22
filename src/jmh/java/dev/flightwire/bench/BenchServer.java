package dev.flightwire.bench;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.IpcCompression;
import dev.flightwire.Location;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The flightwire bench server of wire-tests/bench/BENCH-CONTRACT.md. */
public final class BenchServer extends FlightServerBase {
  private final Map<BenchShapes, VectorSchemaRoot> batches = new EnumMap<>(BenchShapes.class);
  private final FlightInfo info;

  BenchServer(BufferAllocator allocator) {
    for (BenchShapes s : BenchShapes.values()) {
      batches.put(s, s.batch(allocator));
    }
    info = new FlightInfo(BenchShapes.INT64X4, FlightDescriptor.forPath("info"),
        List.of(new FlightEndpoint(Ticket.of("a"))), 33_554_432L, 1_073_741_824L, false, null);
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    BenchShapes s = BenchShapes.of(ticket.asString());
    return new RecordBatchStream(s.schema(), Collections.nCopies(s.batches(), batches.get(s)), null);
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    BenchShapes s = BenchShapes.of(descriptor.path().get(0));
    while (reader.next()) {
      if (reader.root().getRowCount() != s.rows()) {
        throw new FlightInvalidArgumentError("expected " + s.rows() + " rows, got " + reader.root().getRowCount());
      }
    }
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    return info;
  }

  private void close() {
    batches.values().forEach(VectorSchemaRoot::close);
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    String unix = null;
    boolean direct = false; // FlightServer.Builder.directExecutor(): unary handlers on the event loop
    IpcCompression compression = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--unix")) {
        unix = args[++i];
      } else if (args[i].equals("--direct")) {
        direct = true;
      } else if (args[i].equals("--compression")) {
        // FlightServer.Builder.writeCompression(): DoGet bodies compressed (lz4 or zstd)
        String c = args[++i];
        compression = switch (c) {
          case "lz4" -> IpcCompression.LZ4_FRAME;
          case "zstd" -> IpcCompression.ZSTD;
          default -> throw new IllegalArgumentException("--compression lz4|zstd, not " + c);
        };
      }
    }
    BufferAllocator allocator = new RootAllocator();
    BenchServer service = new BenchServer(allocator);
    Location location = unix != null ? Location.forGrpcUnix(unix) : Location.forGrpcTcp("127.0.0.1", port);
    FlightServer.Builder builder = FlightServer.builder(allocator, location, service);
    if (direct) {
      builder.directExecutor();
    }
    if (compression != null) {
      builder.writeCompression(compression);
    }
    FlightServer server = builder.build().start();
    System.out.println(unix != null ? "Server listening on unix:" + unix : "Server listening on localhost:" + server.port());
    System.out.flush();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // serve until stdin closes
        }
      } catch (java.io.IOException ignored) {
        // closed
      }
      server.shutdown(java.time.Duration.ofSeconds(1));
    }, "stdin-watcher");
    watcher.start();
    server.awaitTermination();
    service.close();
    allocator.close();
    System.exit(0);
  }
}
