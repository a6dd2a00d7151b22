package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * wire-tests/python/type_matrix.py (pyarrow 25) against the demo service in process: every Arrow
 * type uploaded and downloaded again (DoPut, GetFlightInfo, DoGet) or echoed (DoExchange) must come
 * back as sent, schema metadata included; a refused type (decimal32 and decimal64, which Arrow Java
 * has no vector for) must be UNIMPLEMENTED naming the column and leave the store working. Each run has a fresh demo on its own allocator, which must hold no memory
 * once the server and the service are closed.
 */
class TypeMatrixPyarrowTest {
  @Test
  void putAndGetEveryType() throws Exception {
    runMatrix();
  }

  @Test
  void exchangeEveryType() throws Exception {
    runMatrix("--exchange");
  }

  private static void runMatrix(String... args) throws Exception {
    String python = WireEnv.python();
    PeerProcess.Output out;
    List<String> cmd;
    try (RootAllocator root = new RootAllocator()) {
      BufferAllocator allocator = root.newChildAllocator("demo", 0, Long.MAX_VALUE);
      DemoService service = new DemoService(allocator);
      FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service)
          .build().start();
      try {
        cmd = new ArrayList<>(List.of(python,
            WireEnv.wireTests().resolve("python/type_matrix.py").toString(), "grpc://localhost:" + server.port()));
        cmd.addAll(List.of(args));
        // Arrow Java cannot hold these; the refusal must be UNIMPLEMENTED naming the column
        cmd.addAll(List.of("--allow-refused", "decimal32,decimal64"));
        out = PeerProcess.run(cmd, 300, TimeUnit.SECONDS);
      } finally {
        server.close();
        service.close();
      }
      StringBuilder problems = new StringBuilder();
      if (out.exitCode() != 0) {
        problems.append(String.join(" ", cmd.subList(1, cmd.size()))).append(" exited ").append(out.exitCode())
            .append(":\n").append(out.text());
      }
      if (allocator.getAllocatedMemory() != 0) {
        problems.append("the demo's allocator still holds ").append(allocator.getAllocatedMemory())
            .append(" bytes after the server and the service were closed:\n").append(allocator.toVerboseString());
      } else {
        allocator.close();
      }
      if (problems.length() > 0) {
        fail(problems.toString());
      }
    }
  }
}
