package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README tour's pyarrow lines, run as written (port adapted) against the demo service. */
class ReadmePyarrowTest {
  @Test
  void tourPythonRunsAgainstTheDemo(@TempDir Path dir) throws Exception {
    List<String> pythonBlocks = new ArrayList<>();
    String readme = Files.readString(Paths.get("README.md"));
    int at = 0;
    while ((at = readme.indexOf("```python\n", at)) >= 0) {
      int end = readme.indexOf("\n```", at + 10);
      pythonBlocks.add(readme.substring(at + 10, end + 1));
      at = end;
    }
    assertFalse(pythonBlocks.isEmpty(), "README.md has no python block");
    try (BufferAllocator allocator = new RootAllocator();
         DemoService service = new DemoService(allocator);
         FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service)
             .build().start()) {
      for (String block : pythonBlocks) {
        assertTrue(block.contains("localhost:8815"), "the tour talks to the demo's address");
        Path script = dir.resolve("demo.py");
        Files.writeString(script, block.replace("localhost:8815", "localhost:" + server.port()));
        PeerProcess.Output out = PeerProcess.run(List.of(WireEnv.python(), script.toString()), 120, TimeUnit.SECONDS);
        assertEquals(0, out.exitCode(), out.text());
        assertTrue(out.text().contains("[b'dataset', b'sales'] 3"), out.text());
        assertTrue(out.text().contains("region: string"), out.text());
        assertTrue(out.text().contains("\"table_count\": 2"), out.text());
        assertTrue(out.text().contains("True category station"), out.text()); // the DataFrame came back equal
      }
    }
  }
}
