package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.GeneratorStream;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.testing.Int64Data;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that keeps gRPC's 4 MiB receive limit (Node @grpc/grpc-js, like grpc-go and tonic)
 * reads one 64 MiB batch from our server when maxOutboundMessageSize is 4 MiB, and is refused
 * with RESOURCE_EXHAUSTED (by its own limit) when it is not set.
 */
class MessageSizeLimitTest {
  private static final Schema SCHEMA = Int64Data.SCHEMA;
  private static final int ROWS = 8 * 1024 * 1024; // 64 MiB of int64

  private static FlightServer server(BufferAllocator allocator, int limit) throws Exception {
    return FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        VectorSchemaRoot root = Int64Data.batch(allocator, 0, ROWS);
        return new GeneratorStream(SCHEMA, List.of(FlightStreamChunk.owning(root, null)));
      }
    }).maxOutboundMessageSize(limit).build().start();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4 * 1024 * 1024})
  void grpcJsWithItsDefaultLimit(int limit) throws Exception {
    WireEnv.nodeModules();
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = server(allocator, limit)) {
      PeerProcess.Output out = PeerProcess.run(List.of("node",
          WireEnv.wireTests().resolve("raw/grpcjs_limit.js").toString(), "--port", Integer.toString(server.port()),
          "--ticket", "big", "--expect", limit == 0 ? "resource_exhausted" : "ok"), 120, TimeUnit.SECONDS);
      assertEquals(0, out.exitCode(), out.text());
      if (limit > 0) {
        Matcher m = Pattern.compile("PASS limit (\\d+) messages (\\d+) bytes largest (\\d+)").matcher(out.text());
        assertTrue(m.find(), out.text());
        assertTrue(Long.parseLong(m.group(2)) >= 64L * 1024 * 1024, out.text());
        assertTrue(Long.parseLong(m.group(3)) <= 4 * 1024 * 1024, out.text());
        assertTrue(Integer.parseInt(m.group(1)) >= 17, out.text());
      }
    }
  }
}
