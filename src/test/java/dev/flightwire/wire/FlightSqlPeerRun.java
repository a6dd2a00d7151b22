package dev.flightwire.wire;

import dev.flightwire.cli.CliProcess;
import dev.flightwire.testing.TestDirs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * A Flight SQL client peer of wire-tests/sql-peer (its own JVM and class path) against
 * {@code serve --sql} run from the built jar: every check but {@code credentials_refused} against a
 * server without credentials, and {@link #checksWithCredentials()} against one started with
 * {@code --user --password}. A failed check reports the peer's whole output, and the server's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FlightSqlPeerRun {
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret";
  private CliProcess.Server open;
  private CliProcess.Server secured;

  /** The peer's role in run.sh: jdbc or adbc. */
  abstract String peer();

  /** The peer's name in test names. */
  abstract String stack();

  /** The checks run again against the server that needs credentials. */
  abstract Set<String> checksWithCredentials();

  @BeforeAll
  void start() throws Exception {
    // a directory each: a server may store what it is sent into its directory
    open = serveSql(SqlPeerData.write(TestDirs.target("sql-peer-" + peer())));
    secured = serveSql(SqlPeerData.write(TestDirs.target("sql-peer-" + peer() + "-user")),
        "--user", USER, "--password", PASSWORD);
  }

  /** {@code serve --sql --dir DIR --port 0 EXTRA} from the built jar, as a user runs it. */
  private static CliProcess.Server serveSql(java.nio.file.Path dir, String... extra) throws java.io.IOException {
    List<String> args = new ArrayList<>(List.of("--sql", "--dir", dir.toString(), "--port", "0"));
    args.addAll(List.of(extra));
    return CliProcess.Server.start(args.toArray(new String[0]));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (open != null) {
        open.close();
      }
    } finally {
      if (secured != null) {
        secured.close();
      }
    }
  }

  private List<String> command() {
    return List.of("bash", WireEnv.sqlPeerRun().toString(), peer());
  }

  @TestFactory
  List<DynamicTest> withoutCredentials() throws Exception {
    return withServerLog(CheckRunner.tests(stack() + " -> serve --sql: ", command(),
        () -> List.of("--port", Integer.toString(open.port())), name -> !name.equals("credentials_refused")),
        () -> open);
  }

  @TestFactory
  List<DynamicTest> withCredentials() throws Exception {
    return withServerLog(CheckRunner.tests(stack() + " -> serve --sql --user: ", command(),
        () -> List.of("--port", Integer.toString(secured.port()), "--user", USER, "--password", PASSWORD),
        checksWithCredentials()::contains), () -> secured);
  }

  /** The same tests, a failure's message followed by what the server printed. */
  private static List<DynamicTest> withServerLog(List<DynamicTest> tests, Supplier<CliProcess.Server> server) {
    List<DynamicTest> out = new ArrayList<>();
    for (DynamicTest t : tests) {
      out.add(DynamicTest.dynamicTest(t.getDisplayName(), () -> {
        try {
          t.getExecutable().execute();
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\n--- serve --sql output ---\n" + server.get().log(), e);
        }
      }));
    }
    return out;
  }
}
