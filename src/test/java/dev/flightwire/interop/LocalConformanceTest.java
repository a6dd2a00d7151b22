package dev.flightwire.interop;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.flightwire.testing.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Our conformance checks against our conformance server, in one JVM: every check of
 * wire-tests/CONTRACT.md with flightwire on both sides, blocking and asynchronous (the checks in
 * {@link ConformanceChecks.Mode#ASYNC}, the server as {@link AsyncConformanceServer}) in each
 * combination. The data directory is generated once into
 * target/wire-data (one per test JVM, see TestDirs) by wire-tests/python/gen_types.py (python from system property
 * {@code flightwire.python}, wire-tests from {@code flightwire.wiretests}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalConformanceTest {
  private BufferAllocator allocator;
  private Path data;
  private ConformanceServer.Handle server;
  private ConformanceServer.Handle asyncServer;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    data = dataDir();
    server = ConformanceServer.start(allocator, data);
    asyncServer = ConformanceServer.startAsync(allocator, data);
  }

  @AfterAll
  void stop() {
    try {
      try {
        if (server != null) {
          server.close(); // throws when the server leaked
        }
      } finally {
        if (asyncServer != null) {
          asyncServer.close();
        }
      }
    } finally {
      allocator.close(); // throws when anything leaked
    }
  }

  private List<DynamicTest> checks(String prefix, ConformanceServer.Handle against, ConformanceChecks.Mode mode) {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ConformanceChecks.names()) {
      tests.add(dynamicTest(prefix + name, () -> {
        ConformanceChecks.run(name, "localhost", against.port(), data, allocator, Set.of(), mode);
      }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> flightwireClientAgainstFlightwireServer() {
    return checks("", server, ConformanceChecks.Mode.BLOCKING);
  }

  @TestFactory
  List<DynamicTest> asyncClientAgainstBlockingServer() {
    return checks("async client, blocking server: ", server, ConformanceChecks.Mode.ASYNC);
  }

  @TestFactory
  List<DynamicTest> blockingClientAgainstAsyncServer() {
    return checks("blocking client, async server: ", asyncServer, ConformanceChecks.Mode.BLOCKING);
  }

  @TestFactory
  List<DynamicTest> asyncClientAgainstAsyncServer() {
    return checks("async client, async server: ", asyncServer, ConformanceChecks.Mode.ASYNC);
  }

  /** target/wire-data (TestDirs), generated once per JVM by gen_types.py. */
  static synchronized Path dataDir() throws Exception {
    if (generated != null) {
      return generated;
    }
    Path wireTests = Paths.get(System.getProperty("flightwire.wiretests", "wire-tests")).toAbsolutePath();
    String python = System.getProperty("flightwire.python", wireTests.resolve(".venv/bin/python").toString());
    if (!Files.isExecutable(Paths.get(python))) {
      throw new AssertionError("python with pyarrow not found at " + python + " (system property flightwire.python;"
          + " run bash wire-tests/setup.sh)");
    }
    Path dir = TestDirs.target("wire-data");
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(python, wireTests.resolve("python/gen_types.py").toString(), dir.toString())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("gen_types.py failed:\n" + new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }
    generated = dir;
    return dir;
  }

  private static Path generated;
}
