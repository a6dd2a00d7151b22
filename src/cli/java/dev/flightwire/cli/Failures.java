package dev.flightwire.cli;

import dev.flightwire.FlightError;
import dev.flightwire.FlightStatusCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns what a command threw into one line on stderr and an exit code:
 * <ul>
 *   <li>2: {@link UsageException}, the command line is wrong;
 *   <li>1: a failed call ({@link FlightError}, the line starts with its status, e.g. {@code not found:}),
 *       {@link CommandFailure}, a file error, or anything unexpected ({@code internal error:}).
 * </ul>
 * The stack trace follows only with {@code --verbose}.
 */
final class Failures {
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Failures() {}

  static int report(Io io, String command, Throwable t, boolean verbose) {
    int code = t instanceof UsageException ? USAGE : FAILED;
    String message = message(t);
    if (t instanceof UsageException) {
      message += " (see 'flightwire " + command + " --help')";
    }
    io.err.println("flightwire " + command + ": " + oneLine(message));
    if (verbose) {
      t.printStackTrace(io.err);
    }
    io.err.flush();
    return code;
  }

  /** The message of a failure, without the command prefix. */
  static String message(Throwable t) {
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof UsageException || t instanceof CommandFailure) {
      return t.getMessage();
    }
    if (t instanceof FlightError) {
      FlightError f = (FlightError) t;
      String m = f.getMessage() == null || f.getMessage().isEmpty() ? "(the server gave no message)" : f.getMessage();
      // Netty's epoll transport says "finishConnect(..) failed with error(-111): Connection refused"
      m = m.replaceAll("\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
      return status(f.code()) + ": " + m;
    }
    if (t instanceof NoSuchFileException) {
      return "no such file: " + ((NoSuchFileException) t).getFile();
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + ((AccessDeniedException) t).getFile();
    }
    if (t instanceof FileAlreadyExistsException) {
      return "file exists: " + ((FileAlreadyExistsException) t).getFile();
    }
    if (t instanceof IOException) {
      return t.getMessage() != null ? t.getMessage() : "i/o error (" + t.getClass().getSimpleName() + ")";
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory (raise the heap with java -Xmx...)";
    }
    return "internal error: " + t + " (--verbose shows where)";
  }

  /** The status as words: {@code NOT_FOUND} is "not found". */
  static String status(FlightStatusCode code) {
    return code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Joins the lines of a message so that a failure is always one line. */
  static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " | ");
  }
}
