package dev.flightwire.cli;

import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar flightwire.jar COMMAND [ARGUMENTS] [OPTIONS]}: finds the command, parses its
 * options, prints help, and turns failures into one line and an exit code (see {@link Failures}).
 */
public final class Main {
  static final List<Command> COMMANDS = List.of(new ServeCommand(), new ListCommand(), new InfoCommand(),
      new SchemaCommand(), new GetCommand(), new PutCommand(), new ExchangeCommand(), new ActionsCommand(),
      new ActionCommand());

  private Main() {}

  public static void main(String[] args) throws Exception {
    // Arrow logs through SLF4J; the jar ships no SLF4J provider, so keep its "no providers" notice quiet
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    if (args.length > 0 && (args[0].equals("version") || args[0].equals("--version"))) {
      System.out.println(Version.describe());
      return;
    }
    if (args.length > 0 && args[0].equals("completion")) {
      if (args.length > 1) {
        System.out.print("usage: flightwire completion\n\nPrints a bash completion script for the command line (zsh reads it"
            + " after 'autoload -U bashcompinit && bashcompinit'):\n  source <(java -jar flightwire.jar completion)\n");
        return;
      }
      System.out.print(Specs.completionScript());
      return;
    }
    if (args.length > 0 && args[0].equals("integration-server")) {
      System.exit(IntegrationCommands.server(args));
    }
    if (args.length > 0 && args[0].equals("integration-client")) {
      System.exit(IntegrationCommands.client(args));
    }
    Io io = Io.system();
    int code = run(args, io);
    io.out.flush();
    io.err.flush();
    System.exit(code);
  }

  /** Runs one command line; returns the exit code. */
  static int run(String[] argv, Io io) {
    if (argv.length == 0) {
      io.err.print(Help.top(COMMANDS));
      return Failures.USAGE;
    }
    String name = argv[0];
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      if (argv.length > 1 && find(argv[1]) != null) {
        io.out.print(Help.forCommand(find(argv[1])));
      } else {
        io.out.print(Help.top(COMMANDS));
      }
      return 0;
    }
    Command command = find(name);
    if (command == null) {
      io.err.println("flightwire: unknown command '" + name + "' (commands: " + names() + "; see flightwire --help)");
      return Failures.USAGE;
    }
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    boolean verbose = before(rest, "--verbose");
    if (before(rest, "--help") || before(rest, "-h")) {
      io.out.print(Help.forCommand(command));
      return 0;
    }
    try {
      Args args = Args.parse(Help.optionsOf(command), rest);
      return command.run(args, io);
    } catch (Throwable t) {
      io.out.flush();
      return Failures.report(io, command.name(), t, verbose);
    }
  }

  /** Whether {@code flag} is among the arguments before a {@code --}. */
  private static boolean before(List<String> args, String flag) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals(flag)) {
        return true;
      }
    }
    return false;
  }

  static Command find(String name) {
    for (Command c : COMMANDS) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static String names() {
    StringBuilder sb = new StringBuilder();
    for (Command c : COMMANDS) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(c.name());
    }
    return sb.toString();
  }
}
