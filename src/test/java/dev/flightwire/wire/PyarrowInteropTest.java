package dev.flightwire.wire;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.flightwire.interop.ConformanceChecks;
import dev.flightwire.interop.ConformanceServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * pyarrow 25 (Arrow C++ Flight, gRPC C++) against flightwire, both directions: the pyarrow
 * conformance client against our server, and our conformance checks against the pyarrow server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PyarrowInteropTest {
  /** pyarrow cannot raise ALREADY_EXISTS from Python (wire-tests/CONTRACT.md). */
  private static final Set<String> PYARROW_CANNOT_RAISE = Set.of("already_exists");

  private BufferAllocator allocator;
  private Path data;
  private ConformanceServer.Handle ours;
  private PeerProcess theirs;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    data = WireEnv.dataDir();
    ours = ConformanceServer.start(allocator, data);
    theirs = PeerProcess.startServer(List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("python/peer_server.py").toString(), "--port", "0", "--data-dir", data.toString()));
  }

  @AfterAll
  void stop() throws Exception {
    if (theirs != null) {
      theirs.close();
    }
    if (ours != null) {
      ours.close();
    }
    allocator.close();
  }

  @TestFactory
  List<DynamicTest> pyarrowClientAgainstFlightwireServer() throws Exception {
    return CheckRunner.tests("pyarrow client -> flightwire server: ",
        List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/peer_client.py").toString(),
            "--data-dir", data.toString()),
        () -> List.of("--port", Integer.toString(ours.port())));
  }

  @TestFactory
  List<DynamicTest> flightwireClientAgainstPyarrowServer() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ConformanceChecks.names()) {
      tests.add(dynamicTest("flightwire client -> pyarrow server: " + name, () -> {
        try (BufferAllocator child = allocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
          ConformanceChecks.run(name, "localhost", theirs.port(), data, child, PYARROW_CANNOT_RAISE);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(e.getMessage() + "\n--- pyarrow server output ---\n" + theirs.log(), e);
        }
      }));
    }
    return tests;
  }
}
