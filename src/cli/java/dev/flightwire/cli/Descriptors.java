package dev.flightwire.cli;

import dev.flightwire.FlightDescriptor;

/** The PATH argument or {@code --cmd TEXT} as a FlightDescriptor, and descriptors as text. */
final class Descriptors {
  static final Option CMD = Option.value("cmd", "TEXT",
      "name the flight with a command descriptor (TEXT as UTF-8) instead of a PATH");

  private Descriptors() {}

  /**
   * The descriptor named by the positional argument at {@code index} (a path, parts separated by
   * {@code /}) or by {@code --cmd}; exactly one of them must be given.
   */
  static FlightDescriptor from(Args args, int index) throws UsageException {
    String path = args.positional(index);
    String cmd = args.value("cmd");
    if (path != null && cmd != null) {
      throw new UsageException("give a PATH or --cmd, not both");
    }
    if (cmd != null) {
      return FlightDescriptor.forCommand(cmd);
    }
    if (path == null) {
      throw new UsageException("missing PATH (or --cmd TEXT)");
    }
    if (path.isEmpty()) {
      throw new UsageException("PATH is empty");
    }
    return FlightDescriptor.forPath(path.split("/", -1));
  }

  /** {@code dataset/sales} for a path, {@code cmd:TEXT} (or hex) for a command. */
  static String text(FlightDescriptor d) {
    if (d.isPath()) {
      return String.join("/", d.path());
    }
    if (d.isCommand()) {
      return "cmd:" + TextBytes.show(d.command());
    }
    return "(unknown descriptor)";
  }
}
