package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.List;

/** The text of {@code --help}: for the whole program and for one command. */
final class Help {
  static final Option HELP = Option.flag("help", "show this help and exit (also -h)");
  static final Option VERBOSE = Option.flag("verbose", "on failure, print the stack trace after the message");

  private static final int OPTION_COLUMN = 32;

  private Help() {}

  /** Every option {@code command} accepts, in help order. */
  static List<Option> optionsOf(Command command) {
    List<Option> all = new ArrayList<>(command.options());
    if (command.connects()) {
      all.addAll(ClientOptionsParser.OPTIONS);
    }
    all.add(VERBOSE);
    all.add(HELP);
    return all;
  }

  static String forCommand(Command c) {
    StringBuilder sb = new StringBuilder();
    String head = "usage: flightwire " + c.name() + " ";
    sb.append(head).append(wrap(groups(c.synopsis()), 100 - head.length(), head.length())).append("\n\n");
    sb.append(c.description().strip()).append("\n");
    if (!c.options().isEmpty()) {
      sb.append("\noptions:\n");
      options(sb, c.options());
    }
    if (c.connects()) {
      sb.append("\nconnection options (LOCATION is grpc://HOST:PORT, grpc+tcp://, grpc+tls:// or grpc+unix:///PATH):\n");
      options(sb, ClientOptionsParser.OPTIONS);
    }
    sb.append("\ncommon options:\n");
    options(sb, List.of(VERBOSE, HELP));
    sb.append("\nexit codes: 0 done, 1 failed (the message starts with the Flight status, e.g. 'not found:'),\n"
        + "2 wrong command line (unknown option, missing argument, unreadable file)\n");
    return sb.toString();
  }

  private static void options(StringBuilder sb, List<Option> options) {
    for (Option o : options) {
      String left = "  " + o.synopsis() + (o.repeatable() ? " (repeatable)" : "");
      sb.append(left);
      if (left.length() >= OPTION_COLUMN - 1) {
        sb.append('\n').append(" ".repeat(OPTION_COLUMN));
      } else {
        sb.append(" ".repeat(OPTION_COLUMN - left.length()));
      }
      sb.append(wrap(o.help(), 100 - OPTION_COLUMN, OPTION_COLUMN)).append('\n');
    }
  }

  /** The synopsis with the spaces inside brackets made non-breaking, so that a line never splits a group. */
  private static String groups(String synopsis) {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (char ch : synopsis.toCharArray()) {
      depth += ch == '[' || ch == '(' ? 1 : ch == ']' || ch == ')' ? -1 : 0;
      sb.append(ch == ' ' && depth > 0 ? '\u00a0' : ch);
    }
    return sb.toString();
  }

  /** Wraps {@code text} at spaces to lines of at most {@code width}, indenting continuation lines. */
  static String wrap(String text, int width, int indent) {
    StringBuilder sb = new StringBuilder();
    int lineStart = 0;
    for (String word : text.split(" ")) {
      int lineLength = sb.length() - lineStart;
      if (lineLength > 0 && lineLength + 1 + word.length() > width) {
        sb.append('\n').append(" ".repeat(indent));
        lineStart = sb.length();
      } else if (lineLength > 0) {
        sb.append(' ');
      }
      sb.append(word);
    }
    return sb.toString().replace('\u00a0', ' ');
  }

  static String top(List<Command> commands) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: java -jar flightwire.jar COMMAND [ARGUMENTS] [OPTIONS]\n\n");
    sb.append("A command-line Arrow Flight client and server. 'flightwire COMMAND --help' describes a command.\n\n");
    sb.append("commands:\n");
    for (Command c : commands) {
      String left = "  " + c.name();
      sb.append(left).append(" ".repeat(Math.max(2, 14 - left.length()))).append(c.summary()).append('\n');
    }
    sb.append("  integration-server, integration-client\n"
        + "              Arrow's cross-language Flight integration harness (-help for their options)\n");
    sb.append("  version     the version, and whether it runs as the module dev.flightwire or from the class path\n");
    sb.append("  completion  a bash completion script: source <(java -jar flightwire.jar completion)\n");
    sb.append("\nexamples:\n"
        + "  flightwire serve --dir ./data --port 8815\n"
        + "  flightwire serve --port 8815 --shard grpc://host1:8815,grpc://host2:8815 --shard grpc://host3:8815\n"
        + "  flightwire list grpc://localhost:8815\n"
        + "  flightwire get grpc://localhost:8815 dataset/sales\n"
        + "  flightwire get grpc://localhost:8815 dataset/sales --output sales.csv\n"
        + "  flightwire put grpc://localhost:8815 uploads/trips --input trips.csv\n"
        + "\nexit codes: 0 done, 1 failed, 2 wrong command line\n");
    return sb.toString();
  }
}
