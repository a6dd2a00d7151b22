package dev.flightwire.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line as picocli models it: each {@link Command}'s {@link Option}s become picocli
 * option specs (the command declarations stay where they are), parsed by picocli's parser in
 * {@link Args#parse} and described to the shell by {@link #completionScript()}.
 */
final class Specs {
  private Specs() {}

  /** A command (or the options of a test) as a picocli spec: the options and any positionals. */
  static CommandSpec of(String name, List<Option> options) {
    CommandSpec spec = CommandSpec.create().name(name);
    // parse exactly what the command line documents: no @argument files, no abbreviations,
    // "--name VALUE" and "--name=VALUE", "--" ends the options
    spec.parser().expandAtFiles(false).abbreviatedOptionsAllowed(false).overwrittenOptionsAllowed(false)
        .unmatchedOptionsArePositionalParams(false).trimQuotes(false).splitQuotedStrings(false);
    for (Option o : options) {
      String[] names = o.name().equals("help") ? new String[] {"--help", "-h"} : new String[] {"--" + o.name()};
      OptionSpec.Builder b = OptionSpec.builder(names).description(o.help());
      if (o.takesValue()) {
        b.paramLabel(o.valueName()).arity("1");
        if (o.repeatable()) {
          b.type(List.class).auxiliaryTypes(String.class);
        } else {
          b.type(String.class);
        }
      } else {
        b.arity("0").type(boolean.class);
      }
      spec.addOption(b.build());
    }
    spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(List.class).auxiliaryTypes(String.class)
        .paramLabel("ARGUMENTS").build());
    return spec;
  }

  /** The whole command line, each command a subcommand with every option it accepts. */
  static CommandLine commandLine(List<Command> commands) {
    CommandSpec top = CommandSpec.create().name("flightwire");
    CommandLine cl = new CommandLine(top);
    for (Command c : commands) {
      cl.addSubcommand(c.name(), new CommandLine(of(c.name(), Help.optionsOf(c))));
    }
    cl.addSubcommand("completion", new CommandLine(of("completion", List.of(Help.HELP))));
    cl.addSubcommand("version", new CommandLine(of("version", List.of())));
    return cl;
  }

  /** A bash (and zsh, through bashcompinit) completion script for {@code flightwire}. */
  static String completionScript() {
    return picocli.AutoComplete.bash("flightwire", commandLine(Main.COMMANDS));
  }
}
