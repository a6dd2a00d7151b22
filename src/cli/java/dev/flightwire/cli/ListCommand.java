package dev.flightwire.cli;

import dev.flightwire.Criteria;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.ResultStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code list LOCATION}: ListFlights, as a table. */
final class ListCommand implements Command {
  @Override
  public String name() {
    return "list";
  }

  @Override
  public String synopsis() {
    return "LOCATION [--criteria TEXT]";
  }

  @Override
  public String summary() {
    return "list the flights of a service (ListFlights)";
  }

  @Override
  public String description() {
    return "Lists the flights the service at LOCATION offers, one row each: its descriptor (a path, or\n"
        + "cmd:TEXT), total records and bytes as the service states them (blank when unknown), the number of\n"
        + "endpoints, and its columns.";
  }

  @Override
  public List<Option> options() {
    return List.of(Option.value("criteria", "TEXT", "pass TEXT (UTF-8) as the ListFlights criteria expression"));
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 1, "LOCATION");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    Criteria criteria = args.has("criteria")
        ? new Criteria(args.value("criteria").getBytes(StandardCharsets.UTF_8)) : Criteria.ALL;
    TableRenderer table = new TableRenderer(List.of("FLIGHT", "RECORDS", "BYTES", "ENDPOINTS", "COLUMNS"),
        new boolean[] {false, true, true, true, false}, 60);
    int count = 0;
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = settings.connect(allocator);
        ResultStream<FlightInfo> flights = client.listFlights(criteria, dev.flightwire.FlightCallOptions.DEFAULT)) {
      while (flights.hasNext()) {
        FlightInfo f = flights.next();
        table.addRow(List.of(Descriptors.text(f.descriptor()), known(f.totalRecords()), known(f.totalBytes()),
            Integer.toString(f.endpoints().size()), columns(f.schema())));
        count++;
      }
    }
    table.render(io.out);
    io.out.println("(" + count + (count == 1 ? " flight)" : " flights)"));
    return 0;
  }

  static String known(long n) {
    return n < 0 ? "" : Long.toString(n);
  }

  private static String columns(Schema schema) {
    if (schema == null) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (Field f : schema.getFields()) {
      names.add(f.getName());
    }
    return String.join(", ", names);
  }
}
