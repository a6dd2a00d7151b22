package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.GeneratorStream;
import dev.flightwire.IpcCompression;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.testing.Int64Data;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LZ4_FRAME and ZSTD bodies against pyarrow, both directions, reading and writing. */
class CompressionInteropTest {
  private static final Schema SCHEMA = Int64Data.SCHEMA;
  private static final int ROWS = 100_000;
  private static final int BATCH = 10_000;

  private static IpcCompression codec(String name) {
    return name.equals("lz4") ? IpcCompression.LZ4_FRAME : IpcCompression.ZSTD;
  }



  @ParameterizedTest
  @ValueSource(strings = {"lz4", "zstd"})
  void pyarrowClientOurServer(String codec) throws Exception {
    List<Long> uploads = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
            new FlightServerBase() {
              @Override
              public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
                List<FlightStreamChunk> chunks = new ArrayList<>();
                for (int from = 0; from < ROWS; from += BATCH) {
                  chunks.add(FlightStreamChunk.owning(Int64Data.batch(allocator, from, BATCH), null));
                }
                return new GeneratorStream(SCHEMA, chunks);
              }

              @Override
              public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
                  FlightMetadataWriter writer) {
                uploads.add(Int64Data.readAll(reader));
                writer.write("ok".getBytes(StandardCharsets.UTF_8));
              }
            }).writeCompression(codec(codec)).build().start()) {
      PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(),
          WireEnv.wireTests().resolve("python/compression_peer.py").toString(), "client", "--port",
          Integer.toString(server.port()), "--codec", codec), 120, TimeUnit.SECONDS);
      assertEquals(0, out.exitCode(), out.text());
      assertTrue(out.text().contains("PASS compression " + codec), out.text());
      assertEquals(List.of((long) ROWS), uploads);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lz4", "zstd"})
  void ourClientPyarrowServer(String codec) throws Exception {
    try (PeerProcess server = PeerProcess.startServer(List.of(WireEnv.python(),
            WireEnv.wireTests().resolve("python/compression_peer.py").toString(), "server", "--port", "0",
            "--codec", codec));
        BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", server.port()),
            FlightClientOptions.builder().allocator(allocator).writeCompression(codec(codec)).build())) {
      try (FlightStreamReader r = client.doGet(Ticket.of("data"))) {
        assertEquals(ROWS, Int64Data.readAll(r));
      }
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("up"), SCHEMA)) {
        for (int from = 0; from < ROWS; from += BATCH) {
          try (VectorSchemaRoot b = Int64Data.batch(allocator, from, BATCH)) {
            put.writer().writeBatch(b);
          }
        }
        put.writer().doneWriting();
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), put.reader().read());
      }
    }
  }
}
