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
 * One foreign Flight stack against flightwire, both directions, over wire-tests/CONTRACT.md: the
 * stack's conformance client against our server (one test per check; the client runs them all in
 * one process), and our conformance checks against the stack's server (a separate process). With {@link #async()},
 * flightwire's side uses the asynchronous API: the server is {@link dev.flightwire.interop.AsyncConformanceServer} and
 * the checks run in {@link ConformanceChecks.Mode#ASYNC}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PeerPairTest {
  private BufferAllocator allocator;
  private Path data;
  private ConformanceServer.Handle ours;
  private PeerProcess theirs;

  /** The stack's name in test names. */
  abstract String stack();

  /** Command that starts the stack's conformance server (without --port/--data-dir). */
  abstract List<String> serverCommand();

  /** Command of the stack's conformance client (without --port/--data-dir/--check). */
  abstract List<String> clientCommand();

  /** Whether flightwire's server and client use the asynchronous API (the blocking one by default). */
  boolean async() {
    return false;
  }

  private String flightwire() {
    return async() ? "flightwire async" : "flightwire";
  }

  /** Error kinds the stack's server cannot raise (wire-tests/CONTRACT.md). */
  Set<String> errorKindsTheyCannotRaise() {
    return Set.of();
  }

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    data = WireEnv.dataDir();
    ours = async() ? ConformanceServer.startAsync(allocator, data) : ConformanceServer.start(allocator, data);
    List<String> cmd = new ArrayList<>(serverCommand());
    cmd.addAll(List.of("--port", "0", "--data-dir", data.toString()));
    theirs = PeerProcess.startServer(cmd);
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
  List<DynamicTest> theirClientAgainstFlightwireServer() throws Exception {
    List<String> cmd = new ArrayList<>(clientCommand());
    cmd.addAll(List.of("--data-dir", data.toString()));
    return CheckRunner.tests(stack() + " client -> " + flightwire() + " server: ", cmd,
        () -> List.of("--port", Integer.toString(ours.port())));
  }

  @TestFactory
  List<DynamicTest> flightwireClientAgainstTheirServer() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ConformanceChecks.names()) {
      tests.add(dynamicTest(flightwire() + " client -> " + stack() + " server: " + name, () -> {
        try (BufferAllocator child = allocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
          ConformanceChecks.run(name, "localhost", theirs.port(), data, child, errorKindsTheyCannotRaise(),
              async() ? ConformanceChecks.Mode.ASYNC : ConformanceChecks.Mode.BLOCKING);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(e.getMessage() + "\n--- " + stack() + " server output ---\n" + theirs.log(), e);
        }
      }));
    }
    return tests;
  }
}
