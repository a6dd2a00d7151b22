package dev.flightwire.cli;

/**
 * The command line is wrong: an unknown option, a missing argument, a value that does not parse,
 * a file it names that cannot be read. Reported as one line; the process exits with 2.
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
