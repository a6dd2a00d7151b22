package dev.flightwire.cli;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code get LOCATION PATH}: GetFlightInfo, then DoGet of every endpoint in order, into a table,
 * a CSV file or an Arrow IPC file.
 */
final class GetCommand implements Command {
  @Override
  public String name() {
    return "get";
  }

  @Override
  public String synopsis() {
    return "LOCATION (PATH | --cmd TEXT) [--output FILE] [--format FORMAT] [--limit N] [--progress MODE]";
  }

  @Override
  public String summary() {
    return "download a flight as a table, CSV or Arrow IPC (GetFlightInfo + DoGet)";
  }

  @Override
  public String description() {
    return "Asks the service for the flight named by PATH (parts separated by '/') or --cmd, then reads\n"
        + "every endpoint in order (from LOCATION, or from the endpoint's own locations with the same\n"
        + "options: a location that fails before sending a batch gives way to the next). Without --output\n"
        + "the rows are shown as a table on stdout (the first --limit of them); with --output FILE they are\n"
        + "written in the format of FILE's extension. Progress goes to stderr, with the percentage and time\n"
        + "left when the service states the flight's total records or bytes.";
  }

  @Override
  public List<Option> options() {
    return List.of(Descriptors.CMD, DataFormat.OUTPUT, DataFormat.FORMAT, DataFormat.LIMIT, Progress.OPTION);
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 2, "LOCATION", "PATH");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    FlightDescriptor descriptor = Descriptors.from(args, 1);
    Progress.Mode mode = Progress.mode(args);
    DataFormat.chosen(args);
    List<FlightClient> others = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator(); FlightClient client = settings.connect(allocator)) {
      try {
        FlightInfo info = client.getFlightInfo(descriptor);
        try (BatchSink sink = DataFormat.open(args, io, allocator); Progress progress = Progress.start("get", mode, io)) {
          progress.totals(info.totalRecords(), info.totalBytes());
          Download download = new Download(sink, progress);
          for (FlightEndpoint e : info.endpoints()) {
            readEndpoint(e, client, settings, allocator, others, download);
          }
          download.beginIfNeeded(info.schema());
          progress.finish(null);
          sink.finish();
        }
      } finally {
        for (FlightClient c : others) {
          c.close();
        }
      }
    }
    return 0;
  }

  /**
   * Reads one endpoint: from {@code main} when it names no location, or the server {@code main}
   * is connected to among them; else at its locations in order, going on to the next when one
   * fails before sending a batch (a replica that is down). A failure after batches were written
   * ends the download.
   */
  static void readEndpoint(FlightEndpoint e, FlightClient main, ClientSettings settings, BufferAllocator allocator,
      List<FlightClient> opened, Download download) throws IOException {
    List<Location> where = new ArrayList<>();
    boolean viaMain = e.locations().isEmpty();
    for (Location l : e.locations()) {
      viaMain |= l.isReuseConnection() || sameServer(l, settings.location());
      where.add(l);
    }
    if (viaMain) {
      try (FlightStreamReader reader = main.doGet(e.ticket())) {
        download.read(reader);
      }
      return;
    }
    FlightError earlier = null;
    for (int i = 0; i < where.size(); i++) {
      long batches = download.batches();
      try {
        FlightClient c = settings.connect(where.get(i), allocator);
        opened.add(c);
        try (FlightStreamReader reader = c.doGet(e.ticket())) {
          download.read(reader);
        }
        return;
      } catch (FlightError failed) {
        if (download.batches() != batches || i == where.size() - 1) {
          if (earlier != null) {
            failed.addSuppressed(earlier);
          }
          throw failed;
        }
        earlier = failed;
      }
    }
  }

  static boolean sameServer(Location a, Location b) {
    if (a.isUnix() || b.isUnix()) {
      return a.isUnix() && b.isUnix() && a.path().equals(b.path());
    }
    return a.host() != null && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port() && a.isTls() == b.isTls();
  }
}
