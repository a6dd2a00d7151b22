package dev.flightwire.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a command writes and what it knows of its surroundings. Data and reports go to
 * {@link #out} (UTF-8, buffered, flushed by {@link Main} before exit); messages and progress go to
 * {@link #err} (UTF-8, flushed on every line), so that stdout stays data. PrintStreams are
 * thread-safe; a command that writes from two threads still keeps each line whole.
 */
final class Io {
  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  /** Whether stdout is a terminal (where binary output would make a mess). */
  final boolean stdoutTerminal;
  /** Whether stderr is a terminal (where the progress bar goes). */
  final boolean stderrTerminal;

  Io(PrintStream out, PrintStream err, Map<String, String> env, boolean stdoutTerminal, boolean stderrTerminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stdoutTerminal = stdoutTerminal;
    this.stderrTerminal = stderrTerminal;
  }

  /** The process's stdout and stderr, written as UTF-8 whatever the platform encoding. */
  static Io system() {
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    return new Io(out, err, System.getenv(), Terminal.isTerminal(1), Terminal.isTerminal(2));
  }

  /** Terminal width from {@code COLUMNS}, else 80. */
  int columns() {
    String c = env.get("COLUMNS");
    if (c != null) {
      try {
        int n = Integer.parseInt(c.trim());
        if (n >= 20) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // not a number: the default
      }
    }
    return 80;
  }
}
