package dev.flightwire.wire;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Turns a check-list client (a peer program following the conformance conventions: {@code --list},
 * {@code --check NAME} repeated, one {@code PASS/FAIL/SKIP name} line each) into one JUnit test per
 * check. The whole list runs in one process of the client (started by the first of the tests), and
 * each test reports its own check's verdict line.
 */
final class CheckRunner {
  /** Time a check may take, on top of the client's start... */
  private static final long SECONDS_PER_CHECK = 60;
  /** ...and the whole list at most (the clients bound each check themselves; this is a backstop). */
  private static final long MAX_SECONDS = 600;

  private CheckRunner() {}

  /**
   * @param command the client command without --list/--check; {@code portArgs} supplies the
   *     arguments that depend on the running server (evaluated when the checks run)
   */
  static List<DynamicTest> tests(String prefix, List<String> command, Supplier<List<String>> portArgs)
      throws Exception {
    return tests(prefix, command, portArgs, name -> true);
  }

  /** As {@link #tests(String, List, Supplier)}, the checks named by {@code which} only. */
  static List<DynamicTest> tests(String prefix, List<String> command, Supplier<List<String>> portArgs,
      Predicate<String> which) throws Exception {
    List<String> listCmd = new ArrayList<>(command);
    listCmd.add("--list");
    PeerProcess.Output list = PeerProcess.run(listCmd, 120, TimeUnit.SECONDS);
    if (list.exitCode() != 0) {
      throw new AssertionError("cannot list checks of " + command + ":\n" + list.text());
    }
    List<String> names = new ArrayList<>();
    for (String line : list.text().split("\n")) {
      String name = line.trim();
      if (!name.isEmpty() && !name.contains(" ") && which.test(name)) {
        names.add(name);
      }
    }
    Batch batch = new Batch(command, portArgs, names);
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : names) {
      tests.add(dynamicTest(prefix + name, () -> batch.assertPassed(name)));
    }
    return tests;
  }

  /** One run of the client over every check, started by the first test that asks for a verdict. */
  private static final class Batch {
    private final List<String> command;
    private final Supplier<List<String>> portArgs;
    private final List<String> names;
    private PeerProcess.Output out;

    Batch(List<String> command, Supplier<List<String>> portArgs, List<String> names) {
      this.command = command;
      this.portArgs = portArgs;
      this.names = names;
    }

    private synchronized PeerProcess.Output output() throws Exception {
      if (out == null) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(portArgs.get());
        for (String name : names) {
          cmd.add("--check");
          cmd.add(name);
        }
        out = PeerProcess.run(cmd, Math.min(MAX_SECONDS, 120 + SECONDS_PER_CHECK * names.size()), TimeUnit.SECONDS);
      }
      return out;
    }

    void assertPassed(String name) throws Exception {
      PeerProcess.Output o = output();
      String text = o.text();
      Optional<String> verdict = text.lines()
          .filter(l -> l.equals("PASS " + name) || l.startsWith("PASS " + name + ":")
              || l.startsWith("FAIL " + name + ":") || l.equals("FAIL " + name)
              || l.startsWith("SKIP " + name + ":"))
          .findFirst();
      if (verdict.isEmpty()) {
        throw new AssertionError("no verdict for check " + name + " (the client exited " + o.exitCode()
            + "):\n" + text);
      }
      String line = verdict.get();
      if (line.startsWith("FAIL ")) {
        throw new AssertionError(line + "\n--- the client's whole output ---\n" + text);
      }
      // a client that exits with an error without naming a failed check failed in a way no verdict shows
      boolean someFailed = text.lines().anyMatch(l -> l.startsWith("FAIL "));
      if (o.exitCode() != 0 && !(o.exitCode() == 1 && someFailed)) {
        throw new AssertionError("the client exited " + o.exitCode() + " with no failed check:\n" + text);
      }
      if (line.startsWith("SKIP ")) {
        throw new TestAbortedException(line);
      }
    }
  }
}
