package dev.flightwire.cli;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** {@code put LOCATION PATH --input FILE}: DoPut of a CSV or Arrow IPC file, batch by batch. */
final class PutCommand implements Command {
  static final Option INPUT = Option.value("input", "FILE",
      "the data to send: " + InputFiles.EXTENSIONS + " (Arrow IPC file or stream format)");
  static final Option BATCH_ROWS = Option.value("batch-rows", "N",
      "rows per batch read from a CSV file (default " + CsvReader.DEFAULT_BATCH_ROWS + ")");
  static final Option INFER_ROWS = Option.value("infer-rows", "N",
      "CSV rows read to infer the column types (default " + CsvReader.DEFAULT_INFER_ROWS + ")");

  @Override
  public String name() {
    return "put";
  }

  @Override
  public String synopsis() {
    return "LOCATION (PATH | --cmd TEXT) --input FILE [--batch-rows N] [--infer-rows N] [--progress MODE]";
  }

  @Override
  public String summary() {
    return "upload a CSV or Arrow IPC file (DoPut)";
  }

  @Override
  public String description() {
    return "Sends the rows of --input to the service as the flight named by PATH or --cmd, one batch at a\n"
        + "time (the file is never read whole). A CSV file needs a header row; its column types (int64,\n"
        + "float64, bool, else utf8) are inferred from the first --infer-rows rows, and an empty cell is null.\n"
        + "Progress goes to stderr, against the file's size. Acknowledgements the service sends are printed\n"
        + "on stdout (as text when they are text).";
  }

  @Override
  public List<Option> options() {
    return List.of(Descriptors.CMD, INPUT, BATCH_ROWS, INFER_ROWS, Progress.OPTION);
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 2, "LOCATION", "PATH");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    FlightDescriptor descriptor = Descriptors.from(args, 1);
    Progress.Mode mode = Progress.mode(args);
    if (!args.has("input")) {
      throw new UsageException("missing --input FILE (the data to send)");
    }
    Path input = inputFile(args);
    int batchRows = (int) args.longValue("batch-rows", CsvReader.DEFAULT_BATCH_ROWS, 1, 10_000_000);
    int inferRows = (int) args.longValue("infer-rows", CsvReader.DEFAULT_INFER_ROWS, 1, 10_000_000);
    List<byte[]> acks = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        BatchSource source = InputFiles.open(input, allocator, batchRows, inferRows);
        FlightClient client = settings.connect(allocator);
        Progress progress = Progress.start("put", mode, io)) {
      progress.totals(-1, source.sizeBytes());
      // on failure the call is not finished: closing the client cancels it, so no partial upload completes
      DoPutStreams put = client.doPut(descriptor, source.schema());
      Uploads.writeAll(source, put.writer(), progress);
      byte[] ack;
      while ((ack = put.reader().read()) != null) {
        acks.add(ack);
      }
      progress.bytes(Math.max(source.bytesRead(), source.sizeBytes()));
      progress.finish(null);
    }
    for (byte[] a : acks) {
      if (a.length > 0) {
        io.out.println(TextBytes.show(a));
      }
    }
    return 0;
  }

  /** The --input file: readable, with an extension we read. */
  static Path inputFile(Args args) throws UsageException {
    Path input = args.readableFile("input");
    if (!InputFiles.readable(input.getFileName().toString())) {
      throw new UsageException("--input " + input + ": cannot tell its format; name it " + InputFiles.EXTENSIONS);
    }
    return input;
  }
}
