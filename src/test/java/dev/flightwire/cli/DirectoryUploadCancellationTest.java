package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --dir} never publishes a cancelled upload: the client wrote three batches, then
 * failed inside try-with-resources; the served directory is left as it was (no file, no
 * temporary file), and a complete upload afterwards is stored.
 */
class DirectoryUploadCancellationTest {
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  @TempDir
  Path dir;

  private static void fill(VectorSchemaRoot root, int from, int rows) {
    root.allocateNew();
    BigIntVector n = (BigIntVector) root.getVector("n");
    for (int i = 0; i < rows; i++) {
      n.setSafe(i, from + i);
    }
    root.setRowCount(rows);
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
      return out;
    }
  }

  private static String awaitCall(List<String> log, String method) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (String line : log) {
        if (line.startsWith(method + " ")) {
          return line;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the server logged no " + method + " call: " + log);
  }

  @Test
  void aCancelledUploadLeavesNoFile() throws Exception {
    List<String> callLog = new CopyOnWriteArrayList<>();
    try (BufferAllocator root = new RootAllocator()) {
      BufferAllocator serverAlloc = root.newChildAllocator("server", 0, Long.MAX_VALUE);
      BufferAllocator clientAlloc = root.newChildAllocator("client", 0, Long.MAX_VALUE);
      FlightServer server = FlightServer.builder(serverAlloc, Location.forGrpcTcp("127.0.0.1", 0),
          new DirectoryService(dir, serverAlloc)).callLog(callLog::add).build().start();
      FlightClient client = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(clientAlloc).build());
      try {
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> {
          try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("sub", "partial"), SCHEMA);
              VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, clientAlloc)) {
            for (int i = 0; i < 3; i++) {
              fill(batch, i * 1000, 1000);
              put.writer().writeBatch(batch);
            }
            throw new IllegalStateException("the source failed after three batches");
          }
        });
        assertEquals(0, boom.getSuppressed().length, "closing after a failure threw too");
        String line = awaitCall(callLog, "DoPut");
        assertTrue(line.contains(" CANCELLED "), line);
        assertEquals(List.of(), files(dir), "a cancelled upload left files behind");
        assertEquals(List.of(), client.listFlights().toList());

        // a complete upload is published
        try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("sub", "whole"), SCHEMA);
            VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, clientAlloc)) {
          fill(batch, 0, 1000);
          put.writer().writeBatch(batch);
          put.writer().doneWriting();
        }
        assertEquals(List.of("sub/whole.arrows"), files(dir));
        FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("sub", "whole"));
        assertEquals(1000, info.totalRecords());
      } finally {
        client.close();
        server.close();
        clientAlloc.close();
        serverAlloc.close();
      }
    }
  }
}
