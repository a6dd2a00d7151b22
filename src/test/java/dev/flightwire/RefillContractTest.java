package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer's ownership contract: a root refilled and written again sends its content at the
 * time of each write, even when the refill overwrites the same buffers in place (the hazard that
 * made zero-copy writes unsafe in Arrow Java, ARROW-11066).
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class RefillContractTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private static final Schema ONE = new Schema(List.of(Field.nullable("v", new ArrowType.Int(64, true))));
  private static final int BATCHES = 64;

  /**
   * 65,536 rows: 512 KiB per batch, many DATA frames queued behind each other, sent by reference
   * (the writer waits for the socket). 1,024 rows: 8 KiB, below the size the writer copies
   * instead of waiting, so the copy must be taken before writeBatch returns.
   */
  @ParameterizedTest
  @ValueSource(ints = {65_536, 1_024})
  void refillingInPlaceSendsEachBatchAsItWasWritten(int rows) throws Exception {
    List<Long> firstValues = Collections.synchronizedList(new ArrayList<>());
    List<Long> lastValues = Collections.synchronizedList(new ArrayList<>());
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, transport.bindLocation(),
            new FlightServerBase() {
              @Override
              public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
                  FlightMetadataWriter writer) {
                while (reader.next()) {
                  BigIntVector v = (BigIntVector) reader.root().getVector(0);
                  firstValues.add(v.get(0));
                  lastValues.add(v.get(rows - 1));
                }
              }
            }).build().start();
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build());
        VectorSchemaRoot root = VectorSchemaRoot.create(ONE, allocator)) {
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(rows);
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("refill"), ONE)) {
        for (int b = 0; b < BATCHES; b++) {
          // same buffers every time: no clear, no allocateNew
          for (int i = 0; i < rows; i++) {
            v.set(i, (long) b * 1_000_000 + i);
          }
          root.setRowCount(rows);
          put.writer().writeBatch(root);
        }
        put.complete();
      }
    }
    assertEquals(BATCHES, firstValues.size());
    for (int b = 0; b < BATCHES; b++) {
      assertEquals((long) b * 1_000_000, firstValues.get(b), "first value of batch " + b);
      assertEquals((long) b * 1_000_000 + rows - 1, lastValues.get(b), "last value of batch " + b);
    }
  }
}
