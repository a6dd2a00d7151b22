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
 * Arrow Java flight-core 18.3.0 (grpc-java, its own JVM and Netty) against flightwire, both directions: the Arrow Java
 * conformance client against our server, and our conformance checks against the Arrow Java server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArrowJavaInteropTest {
  private static final Set<String> NOTHING_SKIPPED = Set.of();

  private BufferAllocator allocator;
  private Path data;
  private ConformanceServer.Handle ours;
  private PeerProcess theirs;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    data = WireEnv.dataDir();
    ours = ConformanceServer.start(allocator, data);
    theirs = PeerProcess.startServer(List.of("bash", WireEnv.javaPeerRun().toString(), "server", "--port", "0",
        "--data-dir", data.toString()));
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
    return CheckRunner.tests("Arrow Java client -> flightwire server: ",
        List.of("bash", WireEnv.javaPeerRun().toString(), "client", "--data-dir", data.toString()),
        () -> List.of("--port", Integer.toString(ours.port())));
  }

  @TestFactory
  List<DynamicTest> flightwireClientAgainstPyarrowServer() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ConformanceChecks.names()) {
      tests.add(dynamicTest("flightwire client -> Arrow Java server: " + name, () -> {
        try (BufferAllocator child = allocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
          ConformanceChecks.run(name, "localhost", theirs.port(), data, child, NOTHING_SKIPPED);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(e.getMessage() + "\n--- Arrow Java server output ---\n" + theirs.log(), e);
        }
      }));
    }
    return tests;
  }
}
