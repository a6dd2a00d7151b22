package dev.flightwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Regression: messages larger than one HTTP/2 DATA frame. {@code CallStream} once returned the
 * bytes of a partly received message to the flow controller early and again when the message was
 * read; Netty answered "Attempting to return too many bytes" with RST_STREAM INTERNAL_ERROR (DoPut)
 * or a connection error (DoGet). grpc-java clients, which split messages across frames at their
 * own buffer boundaries, hit it intermittently even with small messages.
 */
class LargeMessageFlowControlTest {
  static final Schema SCHEMA = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));

  @Test
  void doPutOfOneBatchLargerThanOneHttp2Frame() throws Exception {
    try (BufferAllocator root = new RootAllocator()) {
      try (ConformanceServer.Handle server = ConformanceServer.start(root, null);
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(root).build());
          VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, root)) {
        int rows = 100_000; // 800 KB: one gRPC message over ~49 DATA frames of 16 KiB
        batch.allocateNew();
        BigIntVector v = (BigIntVector) batch.getVector("v");
        for (int i = 0; i < rows; i++) {
          v.setSafe(i, i);
        }
        batch.setRowCount(rows);
        for (int round = 0; round < 3; round++) {
          try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("big", "put"), SCHEMA)) {
            put.writer().writeBatch(batch);
            put.complete();
          }
        }
        try (FlightStreamReader r = client.doGet(Ticket.of("big/put"))) {
          long n = 0;
          while (r.next()) {
            n += r.root().getRowCount();
          }
          assertEquals(rows, n);
        }
      }
    }
  }

  /** The same accounting on the client side: DoGet of a batch larger than one DATA frame. */
  @Test
  void doGetOfOneBatchLargerThanOneHttp2Frame() throws Exception {
    try (BufferAllocator root = new RootAllocator();
        VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, root)) {
      int rows = 100_000;
      batch.allocateNew();
      BigIntVector v = (BigIntVector) batch.getVector("v");
      for (int i = 0; i < rows; i++) {
        v.setSafe(i, i);
      }
      batch.setRowCount(rows);
      FlightServerBase service = new FlightServerBase() {
        @Override
        public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
          return new RecordBatchStream(SCHEMA, List.of(batch, batch, batch), null);
        }
      };
      try (FlightServer server = FlightServer.builder(root, Location.forGrpcTcp("127.0.0.1", 0), service).build()
          .start();
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(root).build())) {
        for (int round = 0; round < 3; round++) {
          try (FlightStreamReader r = client.doGet(Ticket.of("big"))) {
            long n = 0;
            while (r.next()) {
              n += r.root().getRowCount();
            }
            assertEquals(3L * rows, n);
          }
        }
      }
    }
  }
}
