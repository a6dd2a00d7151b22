package dev.flightwire.sqlpeer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check-list conventions of wire-tests/CONTRACT.md for a Flight SQL client peer:
 * {@code --host H --port P [--user U --password W] [--check NAME]... | --list}. Each check prints
 * {@code PASS name}, {@code FAIL name: reason} or {@code SKIP name: reason}; the exit code is 0
 * when none failed, 1 otherwise.
 */
final class CheckList {
  /** One check; throwing {@link Skip} skips it, any other throwable fails it. */
  interface Check {
    void run() throws Exception;
  }

  /** Thrown by a check that cannot apply in this run (e.g. a credentials check without --user). */
  static final class Skip extends RuntimeException {
    Skip(String reason) {
      super(reason);
    }
  }

  /** The command line of a peer. */
  static final class Options {
    String host = "localhost";
    int port = -1;
    String user;
    String password;
    boolean list;
    final List<String> checks = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--list" -> o.list = true;
          case "--host" -> o.host = args[++i];
          case "--port" -> o.port = Integer.parseInt(args[++i]);
          case "--user" -> o.user = args[++i];
          case "--password" -> o.password = args[++i];
          case "--check" -> o.checks.add(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
      }
      if (!o.list && o.port < 0) {
        throw new IllegalArgumentException("--port is required");
      }
      return o;
    }
  }

  private final Map<String, Check> checks = new LinkedHashMap<>();

  CheckList add(String name, Check check) {
    checks.put(name, check);
    return this;
  }

  /** Prints the names ({@code --list}) or runs the chosen checks; returns the exit code. */
  int run(Options options) {
    if (options.list) {
      checks.keySet().forEach(System.out::println);
      System.out.flush();
      return 0;
    }
    List<String> names = options.checks.isEmpty() ? new ArrayList<>(checks.keySet()) : options.checks;
    boolean failed = false;
    for (String name : names) {
      Check check = checks.get(name);
      if (check == null) {
        System.out.println("FAIL " + name + ": no such check");
        failed = true;
        continue;
      }
      long start = System.nanoTime();
      try {
        check.run();
        System.out.println("PASS " + name + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
      } catch (Skip e) {
        System.out.println("SKIP " + name + ": " + e.getMessage());
      } catch (Throwable e) {
        failed = true;
        System.out.println("FAIL " + name + ": " + oneLine(e));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        System.out.println(trace);
      }
      System.out.flush();
    }
    return failed ? 1 : 0;
  }

  private static String oneLine(Throwable e) {
    StringBuilder s = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      s.append(" <- ").append(c);
    }
    return s.toString().replace('\n', ' ');
  }

  /** Fails with {@code message} unless {@code condition}. */
  static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  /** Fails unless {@code expected} equals {@code actual}. */
  static void checkEquals(Object expected, Object actual, String what) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }
}
