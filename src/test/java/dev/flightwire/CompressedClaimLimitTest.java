package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server holds compressed uploads to its largest accepted message: a batch that is small on the
 * wire but decompresses past {@code maxInboundMessageSize} fails the call with RESOURCE_EXHAUSTED
 * naming the column, while one under it is accepted.
 */
class CompressedClaimLimitTest {
  private static final Schema ONE = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));
  private static final int LIMIT = 1 << 20;

  @ParameterizedTest
  @EnumSource(value = IpcCompression.class, names = {"ZSTD", "LZ4_FRAME"})
  void aBatchDecompressingPastTheLimitIsRefused(IpcCompression compression) throws Exception {
    AtomicLong rows = new AtomicLong();
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightServerBase service = new FlightServerBase() {
        @Override
        public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
            FlightMetadataWriter writer) {
          while (reader.next()) {
            rows.addAndGet(reader.root().getRowCount());
          }
        }
      };
      try (FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service)
              .maxInboundMessageSize(LIMIT).build().start();
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(allocator).writeCompression(compression).build())) {
        upload(client, allocator, 1024); // 8 KiB: accepted
        assertEquals(1024, rows.get());
        // 2 MiB of zeros: a few hundred bytes on the wire, twice the limit once decompressed
        FlightError e = assertThrows(FlightError.class, () -> upload(client, allocator, 256 * 1024));
        assertEquals(8, e.grpcCode(), e.toString()); // RESOURCE_EXHAUSTED
        assertTrue(e.getMessage().contains("column 'v'") && e.getMessage().contains(Integer.toString(LIMIT)),
            e.getMessage());
        assertEquals(1024, rows.get());
      }
    }
  }

  private static void upload(FlightClient client, BufferAllocator allocator, int n) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ONE, allocator);
        DoPutStreams put = client.doPut(FlightDescriptor.forPath("x"), ONE)) {
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(n);
      for (int i = 0; i < n; i++) {
        v.set(i, 0);
      }
      v.setValueCount(n);
      root.setRowCount(n);
      put.writer().writeBatch(root);
      put.complete();
    }
  }
}
