package dev.flightwire.cli;

import dev.flightwire.ActionType;
import java.util.List;

/** {@code actions LOCATION}: ListActions, as a table. */
final class ActionsCommand implements Command {
  @Override
  public String name() {
    return "actions";
  }

  @Override
  public String synopsis() {
    return "LOCATION";
  }

  @Override
  public String summary() {
    return "list the actions a service offers (ListActions)";
  }

  @Override
  public String description() {
    return "Lists the actions of the service at LOCATION with their descriptions. Run one with\n"
        + "'flightwire action LOCATION TYPE [BODY]'.";
  }

  @Override
  public List<Option> options() {
    return List.of();
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 1, "LOCATION");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    List<ActionType> actions = settings.callOnce(client -> client.listActions().toList());
    TableRenderer table = new TableRenderer(List.of("TYPE", "DESCRIPTION"), null, 80);
    for (ActionType a : actions) {
      table.addRow(List.of(a.type(), a.description()));
    }
    table.render(io.out);
    io.out.println("(" + actions.size() + (actions.size() == 1 ? " action)" : " actions)"));
    return 0;
  }
}
