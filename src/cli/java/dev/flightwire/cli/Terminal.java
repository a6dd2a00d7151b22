package dev.flightwire.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether stderr is a terminal, so that a progress bar redrawn with carriage returns lands on a
 * screen and never in a log file or a pipe (and whether stdout is, so that binary data is not
 * sent to a screen).
 *
 * <p>On Linux the answer comes from {@code /proc/self/fd/N}: a terminal device
 * ({@code /dev/pts/N}, {@code /dev/ttyX}, {@code /dev/console}) or not. Elsewhere Java's console
 * decides, which looks at stdin and stdout: before JDK 22 {@link System#console()} is null unless
 * both are terminals; from JDK 22 it is never null and {@code Console.isTerminal()} (called
 * reflectively, as it does not exist on JDK 17) says whether they are. (JDK 22 to 24 return a
 * console when not on a terminal; JDK 25 returns null again, as JDK 17 does.)
 */
final class Terminal {
  private Terminal() {}

  /** Whether file descriptor {@code fd} (1 stdout, 2 stderr) is a terminal. */
  static boolean isTerminal(int fd) {
    Boolean linux = procFdIsTerminal(Paths.get("/proc/self/fd/" + fd));
    return linux != null ? linux : consoleIsTerminal();
  }

  /** Whether the link names a terminal device; null when there is no such link (not Linux). */
  static Boolean procFdIsTerminal(Path fdLink) {
    if (!Files.isSymbolicLink(fdLink)) {
      return null;
    }
    try {
      return isTerminalDevice(Files.readSymbolicLink(fdLink).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  static boolean isTerminalDevice(String target) {
    return target.matches("/dev/(pts/\\d+|tty\\w*|console)");
  }

  /** Java's view: stdin and stdout both connected to a terminal. Right on JDK 17 and on JDK 22+. */
  static boolean consoleIsTerminal() {
    Method isTerminal;
    try {
      isTerminal = Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      isTerminal = null; // before JDK 22
    }
    return consoleIsTerminal(System.console(), isTerminal);
  }

  /**
   * The decision of {@link #consoleIsTerminal()}: no console, no terminal; a console on a JDK
   * without {@code isTerminal} (before 22) exists only on a terminal; else the console says.
   */
  static boolean consoleIsTerminal(Object console, Method isTerminal) {
    if (console == null) {
      return false;
    }
    if (isTerminal == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
