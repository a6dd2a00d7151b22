package dev.flightwire.cli;

/**
 * A command could not do its work for a reason that is not a Flight call's status: a CSV line that
 * does not parse, a file that cannot be written, data that does not fit the output. Reported as
 * one line; the process exits with 1.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
