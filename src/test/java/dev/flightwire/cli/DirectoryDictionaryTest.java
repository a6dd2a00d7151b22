package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.testing.LocalPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --dir} sends a dictionary-encoded column's dictionary with the schema, for an IPC
 * stream file too, whose dictionaries are stored just before its first batch.
 */
class DirectoryDictionaryTest {
  @Test
  void aStreamFilesDictionariesAreSentWithItsSchema(@TempDir Path dir) throws Exception {
    List<List<String>> expected = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      ScanData.write(a, dir.resolve("file.arrow"), true);
      ScanData.write(a, dir.resolve("stream.arrows"), false);
      try (ArrowFileReader r = new ArrowFileReader(FileChannel.open(dir.resolve("file.arrow"), StandardOpenOption.READ),
          a)) {
        while (r.loadNextBatch()) {
          expected.addAll(ScanData.rows(r.getVectorSchemaRoot(), r));
        }
      }
    }
    try (LocalPair pair = LocalPair.start(a -> {
      try {
        return new DirectoryService(dir, a);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })) {
      FlightClient client = pair.client();
      for (String flight : List.of("file", "stream")) {
        FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath(flight));
        List<List<String>> rows = new ArrayList<>();
        for (FlightEndpoint e : info.endpoints()) {
          try (FlightStreamReader r = client.doGet(e.ticket())) {
            while (r.next()) {
              rows.addAll(ScanData.rows(r.root(), r.dictionaries()));
            }
          }
        }
        assertEquals(expected, rows, flight);
      }
    }
  }
}
