package dev.flightwire.cli;

import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code info LOCATION PATH}: GetFlightInfo, every field of the answer. */
final class InfoCommand implements Command {
  @Override
  public String name() {
    return "info";
  }

  @Override
  public String synopsis() {
    return "LOCATION (PATH | --cmd TEXT)";
  }

  @Override
  public String summary() {
    return "describe a flight: schema, size, endpoints (GetFlightInfo)";
  }

  @Override
  public String description() {
    return "Asks the service at LOCATION how to fetch the flight named by PATH (parts separated by '/') or\n"
        + "by --cmd, and prints the answer: descriptor, schema, total records and bytes, ordering, and each\n"
        + "endpoint's ticket, locations and expiration.";
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
    print(settings.callOnce(client -> client.getFlightInfo(descriptor)), io.out);
    return 0;
  }

  static void print(FlightInfo info, PrintStream out) {
    out.println("descriptor: " + Descriptors.text(info.descriptor()));
    out.println("records:    " + (info.totalRecords() < 0 ? "unknown" : String.format("%,d", info.totalRecords())));
    out.println("bytes:      " + (info.totalBytes() < 0 ? "unknown"
        : String.format("%,d (%s)", info.totalBytes(), ProgressFormat.bytes(info.totalBytes()))));
    out.println("ordered:    " + info.ordered());
    byte[] md = info.appMetadata();
    if (md.length > 0) {
      out.println("metadata:   " + TextBytes.show(md));
    }
    Schema schema = info.schema();
    if (schema == null) {
      out.println("schema:     (none given)");
    } else {
      out.println("schema:");
      for (String line : TypeNames.schemaLines(schema)) {
        out.println("  " + line);
      }
    }
    out.println("endpoints:  " + info.endpoints().size());
    int i = 1;
    for (FlightEndpoint e : info.endpoints()) {
      out.println("  " + i++ + ". ticket: " + TextBytes.show(e.ticket().ticket()));
      List<String> where = new ArrayList<>();
      for (Location l : e.locations()) {
        where.add(l.uri());
      }
      out.println("     locations: " + (where.isEmpty() ? "(this service)" : String.join(", ", where)));
      if (e.expirationTime() != null) {
        out.println("     expires: " + e.expirationTime());
      }
      if (e.appMetadata().length > 0) {
        out.println("     metadata: " + TextBytes.show(e.appMetadata()));
      }
    }
  }
}
