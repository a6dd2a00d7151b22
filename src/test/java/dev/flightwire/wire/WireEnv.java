package dev.flightwire.wire;

import dev.flightwire.testing.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the interop peers live. wire-tests/setup.sh installs them; the pom passes the paths as
 * system properties. A missing peer fails the test with the command that installs it.
 */
final class WireEnv {
  private static Path dataDir;

  private WireEnv() {}

  static Path wireTests() {
    return Paths.get(System.getProperty("flightwire.wiretests", "wire-tests")).toAbsolutePath();
  }

  static String python() {
    String p = System.getProperty("flightwire.python", wireTests().resolve(".venv/bin/python").toString());
    if (!Files.isExecutable(Paths.get(p))) {
      throw new AssertionError("the pyarrow peer venv is missing (" + p + "): run bash wire-tests/setup.sh");
    }
    return p;
  }

  static Path javaPeerRun() {
    Path run = wireTests().resolve("java-peer/run.sh");
    if (!Files.exists(wireTests().resolve("java-peer/target/peer.classpath"))) {
      throw new AssertionError("the Arrow Java peer is not built: run bash wire-tests/setup.sh");
    }
    return run;
  }

  /** wire-tests/sql-peer/run.sh: the Flight SQL JDBC driver and ADBC peers. */
  static Path sqlPeerRun() {
    Path peer = wireTests().resolve("sql-peer");
    if (!Files.exists(peer.resolve("target/jdbc.classpath")) || !Files.exists(peer.resolve("target/adbc.classpath"))) {
      throw new AssertionError("the Flight SQL peers are not built: run bash wire-tests/setup.sh");
    }
    return peer.resolve("run.sh");
  }

  static Path nodeModules() {
    Path m = wireTests().resolve("raw/node_modules/@grpc/grpc-js");
    if (!Files.isDirectory(m)) {
      throw new AssertionError("@grpc/grpc-js is not installed: run bash wire-tests/setup.sh");
    }
    return m;
  }

  /** The Arrow IPC files of every type case, generated once per JVM by the pyarrow script. */
  static synchronized Path dataDir() throws IOException, InterruptedException {
    if (dataDir == null) {
      Path dir = TestDirs.target("wire-data");
      Files.createDirectories(dir);
      PeerProcess.Output out = PeerProcess.run(List.of(python(), wireTests().resolve("python/gen_types.py").toString(),
          dir.toString()), 120, TimeUnit.SECONDS);
      if (out.exitCode() != 0) {
        throw new AssertionError("gen_types.py failed:\n" + out.text());
      }
      dataDir = dir;
    }
    return dataDir;
  }
}
