package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** maxOutboundMessageSize: large batches go as zero-copy row slices, in order, complete. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class SlicingTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  @Test
  void rowSlicesShareTheBatchBuffers() {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = TestData.batch(allocator, 0, 1000);
        VectorSchemaRoot slice = root.slice(512, 256)) {
      FieldVector id = root.getVector("id");
      FieldVector sid = slice.getVector("id");
      assertEquals(id.getDataBuffer().memoryAddress() + 512 * 8, sid.getDataBuffer().memoryAddress());
      assertEquals(id.getValidityBuffer().memoryAddress() + 512 / 8, sid.getValidityBuffer().memoryAddress());
      FieldVector name = root.getVector("name");
      FieldVector sname = slice.getVector("name");
      long start = name.getOffsetBuffer().getInt(512 * 4);
      assertEquals(name.getDataBuffer().memoryAddress() + start, sname.getDataBuffer().memoryAddress());
      TestData.assertRows(slice, 512, 256);
    }
  }

  @Test
  void largeBatchesArriveAsSlicesUnderTheLimit() throws Exception {
    int rows = 300_000;
    int limit = 1 << 20;
    List<Integer> received = new ArrayList<>();
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator();
        FlightServer server = FlightServer.builder(serverAllocator, transport.bindLocation(),
            new FlightServerBase() {
              @Override
              public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
                return new GeneratorStream(TestData.INTS, List.of(
                    FlightStreamChunk.owning(TestData.batch(serverAllocator, 0, rows), "m".getBytes())));
              }
            }).maxOutboundMessageSize(limit).build().start();
        FlightClient client = FlightClient.connect(server.location(), FlightClientOptions.builder()
            .allocator(clientAllocator).maxInboundMessageSize(limit).build());
        FlightStreamReader r = client.doGet(Ticket.of("x"))) {
      int from = 0;
      while (r.next()) {
        int n = r.root().getRowCount();
        TestData.assertRows(r.root(), from, n);
        if (from == 0) {
          assertEquals("m", new String(r.latestMetadata()));
        }
        from += n;
        received.add(n);
      }
      assertEquals(rows, from);
      assertTrue(received.size() > 5, received.toString());
    }
  }
}
