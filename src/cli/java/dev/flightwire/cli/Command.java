package dev.flightwire.cli;

import java.util.List;

/**
 * One command of the command line. {@link Main} parses the arguments against {@link #options()}
 * (plus the connection options when {@link #connects()}, and {@code --help}, {@code --verbose}),
 * prints help, and reports what {@link #run} throws as one line with an exit code.
 */
interface Command {
  /** The word that selects the command. */
  String name();

  /** The arguments after the command name, as help shows them. */
  String synopsis();

  /** One line for the list of commands. */
  String summary();

  /** What the command does, for its help (lines of at most 100 characters). */
  String description();

  /** The command's own options. */
  List<Option> options();

  /** Whether the command talks to a server (and takes the connection options). */
  default boolean connects() {
    return true;
  }

  /**
   * Runs the command.
   *
   * @return the exit code (0 when it did its work)
   * @throws UsageException when the arguments are wrong (exit 2)
   * @throws Exception when it failed (exit 1; see {@link Failures})
   */
  int run(Args args, Io io) throws Exception;
}
