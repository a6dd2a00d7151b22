package dev.flightwire.cli;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.Result;
import dev.flightwire.ResultStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** {@code action LOCATION TYPE [BODY]}: DoAction, each result printed as it arrives. */
final class ActionCommand implements Command {
  @Override
  public String name() {
    return "action";
  }

  @Override
  public String synopsis() {
    return "LOCATION TYPE [BODY]";
  }

  @Override
  public String summary() {
    return "run an action and print its results (DoAction)";
  }

  @Override
  public String description() {
    return "Runs the action TYPE with BODY (UTF-8 text; empty when not given) and prints each result on its\n"
        + "own line: as text when it is UTF-8 text, else as 0x and hex digits. 'flightwire actions LOCATION'\n"
        + "lists the action types.";
  }

  @Override
  public List<Option> options() {
    return List.of();
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(2, 3, "LOCATION", "TYPE", "BODY");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    String type = args.positional(1);
    if (type.isEmpty()) {
      throw new UsageException("TYPE is empty");
    }
    byte[] body = args.positional(2) == null ? new byte[0] : args.positional(2).getBytes(StandardCharsets.UTF_8);
    try (BufferAllocator allocator = new RootAllocator(); FlightClient client = settings.connect(allocator);
        ResultStream<Result> results = client.doAction(new Action(type, body))) {
      while (results.hasNext()) {
        String text = TextBytes.show(results.next().body());
        io.out.print(text);
        if (!text.endsWith("\n")) {
          io.out.println();
        }
        io.out.flush();
      }
    }
    return 0;
  }
}
