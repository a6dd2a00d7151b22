package dev.flightwire.wire;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Turns a check-list client (a peer program following the conformance conventions: {@code --list},
 * {@code --check NAME}, one {@code PASS/FAIL/SKIP name} line each) into one JUnit test per check.
 */
final class CheckRunner {
  private CheckRunner() {}

  /**
   * @param command the client command without --list/--check; {@code portArgs} supplies the
   *     arguments that depend on the running server (evaluated per check)
   */
  static List<DynamicTest> tests(String prefix, List<String> command, Supplier<List<String>> portArgs)
      throws Exception {
    List<String> listCmd = new ArrayList<>(command);
    listCmd.add("--list");
    PeerProcess.Output list = PeerProcess.run(listCmd, 120, TimeUnit.SECONDS);
    if (list.exitCode() != 0) {
      throw new AssertionError("cannot list checks of " + command + ":\n" + list.text());
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : list.text().split("\n")) {
      String name = line.trim();
      if (name.isEmpty() || name.contains(" ")) {
        continue;
      }
      tests.add(dynamicTest(prefix + name, () -> runOne(command, portArgs.get(), name)));
    }
    return tests;
  }

  static void runOne(List<String> command, List<String> portArgs, String name) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(portArgs);
    cmd.add("--check");
    cmd.add(name);
    PeerProcess.Output out = PeerProcess.run(cmd, 180, TimeUnit.SECONDS);
    String text = out.text();
    if (text.contains("PASS " + name) && out.exitCode() == 0) {
      return;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("SKIP " + name) && out.exitCode() == 0) {
        throw new TestAbortedException(line);
      }
    }
    throw new AssertionError("check " + name + " failed (exit " + out.exitCode() + "):\n" + text);
  }
}
