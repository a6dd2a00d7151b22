package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the command line says without a server, run from the built jar: help for every command,
 * usage errors (exit 2), an unreachable server (exit 1), each as one line unless --verbose.
 */
class CliUsageIT {
  private static final List<String> COMMANDS =
      List.of("serve", "list", "info", "schema", "get", "put", "exchange", "actions", "action");

  @Test
  void helpForEveryCommand() throws Exception {
    for (String c : COMMANDS) {
      CliProcess.Result r = CliProcess.run(c, "--help");
      assertEquals(0, r.exit(), r.show());
      assertTrue(r.out().startsWith("usage: flightwire " + c + " "), r.show());
      assertTrue(r.out().contains("\nexit codes: 0 done, 1 failed"), r.show());
      assertTrue(r.out().contains("  --help"), r.show());
      assertEquals(!c.equals("serve"), r.out().contains("--tls-roots FILE"), r.show());
      assertEquals("", r.err());
      r.out().lines().forEach(line -> assertTrue(line.length() <= 110, c + ": long help line: " + line));
    }
    assertTrue(CliProcess.run("get", "-h").out().contains("--output FILE"));
    assertTrue(CliProcess.run("help", "put").out().startsWith("usage: flightwire put "));
  }

  @Test
  void topLevelHelp() throws Exception {
    CliProcess.Result help = CliProcess.run("--help");
    assertEquals(0, help.exit(), help.show());
    for (String c : COMMANDS) {
      assertTrue(help.out().contains("\n  " + c + " "), c + "\n" + help.out());
    }
    CliProcess.Result none = CliProcess.run();
    assertEquals(2, none.exit(), none.show());
    assertTrue(none.err().startsWith("usage: java -jar flightwire.jar COMMAND"), none.show());
    CliProcess.Result unknown = CliProcess.run("fetch", "x");
    assertEquals(2, unknown.exit(), unknown.show());
    assertEquals("flightwire: unknown command 'fetch' (commands: serve, list, info, schema, get, put, exchange, actions,"
        + " action; see flightwire --help)\n", unknown.err());
  }

  private static void usageError(String expected, String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(args);
    assertEquals(2, r.exit(), r.show());
    assertEquals(expected + "\n", r.err(), r.show());
    assertEquals("", r.out());
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    usageError("flightwire get: missing LOCATION (see 'flightwire get --help')", "get");
    usageError("flightwire get: missing PATH (or --cmd TEXT) (see 'flightwire get --help')", "get", "grpc://h:1");
    usageError("flightwire get: unknown option '--ouput' (did you mean --output?) (see 'flightwire get --help')",
        "get", "grpc://h:1", "p", "--ouput", "x.csv");
    usageError("flightwire list: LOCATION must be a URI such as grpc://localhost:8815, not 'localhost:8815' (see"
        + " 'flightwire list --help')", "list", "localhost:8815");
    usageError("flightwire info: give a PATH or --cmd, not both (see 'flightwire info --help')",
        "info", "grpc://h:1", "a/b", "--cmd", "x");
    usageError("flightwire put: missing --input FILE (the data to send) (see 'flightwire put --help')",
        "put", "grpc://h:1", "a");
    usageError("flightwire get: --progress is auto, bar, lines or none, not 'loud' (see 'flightwire get --help')",
        "get", "grpc://h:1", "a", "--progress", "loud");
    usageError("flightwire action: unexpected argument 'extra' (see 'flightwire action --help')",
        "action", "grpc://h:1", "t", "body", "extra");
    usageError("flightwire serve: --tls-cert and --tls-key go together (see 'flightwire serve --help')",
        "serve", "--tls-cert", "x.pem");
    usageError("flightwire list: --timeout must be a positive number of seconds, not '-1' (see 'flightwire list"
        + " --help')", "list", "grpc://h:1", "--timeout=-1");
  }

  @Test
  void anUnreachableServerIsOneLineUnlessVerbose() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String location = "grpc://localhost:" + port;
    CliProcess.Result r = CliProcess.run("list", location);
    assertEquals(1, r.exit(), r.show());
    assertEquals("flightwire list: unavailable: cannot connect to " + location + ": connection refused by localhost:"
        + port + "\n", r.err(), r.show());
    assertEquals(1, r.err().lines().count(), r.show());
    assertFalse(r.err().contains("finishConnect"), r.show());
    CliProcess.Result verbose = CliProcess.run("get", location, "x", "--verbose");
    assertEquals(1, verbose.exit(), verbose.show());
    assertTrue(verbose.err().startsWith("flightwire get: unavailable: cannot connect to "), verbose.show());
    assertTrue(verbose.err().contains("\tat dev.flightwire.FlightClient"), verbose.show());
  }
}
