package dev.flightwire.cli;

import dev.flightwire.FlightDescriptor;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code schema LOCATION PATH}: GetSchema, one field a line. */
final class SchemaCommand implements Command {
  @Override
  public String name() {
    return "schema";
  }

  @Override
  public String synopsis() {
    return "LOCATION (PATH | --cmd TEXT)";
  }

  @Override
  public String summary() {
    return "print the schema of a flight (GetSchema)";
  }

  @Override
  public String description() {
    return "Prints the schema of the flight named by PATH or --cmd, one 'name: type' line per column\n"
        + "('not null' when the column has no nulls), then the schema's metadata if any.";
  }

  @Override
  public List<Option> options() {
    return List.of(Descriptors.CMD);
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 2, "LOCATION", "PATH");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    FlightDescriptor descriptor = Descriptors.from(args, 1);
    Schema schema = settings.callOnce(client -> client.getSchema(descriptor).schema());
    for (String line : TypeNames.schemaLines(schema)) {
      io.out.println(line);
    }
    return 0;
  }
}
