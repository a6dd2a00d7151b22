package dev.flightwire.cli;

import dev.flightwire.DoExchangeStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightStreamWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code exchange LOCATION PATH [--input FILE]}: DoExchange. The input's batches are sent from a
 * thread of their own while this thread reads what comes back, so that a service that answers as
 * it reads never waits on a full window.
 */
final class ExchangeCommand implements Command {
  @Override
  public String name() {
    return "exchange";
  }

  @Override
  public String synopsis() {
    return "LOCATION (PATH | --cmd TEXT) [--input FILE] [--output FILE] [--format FORMAT] [--limit N]"
        + " [--progress MODE]";
  }

  @Override
  public String summary() {
    return "send a file's batches and receive batches back (DoExchange)";
  }

  @Override
  public String description() {
    return "Opens an exchange with the service for the flight named by PATH or --cmd, sends the batches of\n"
        + "--input if given (CSV or Arrow IPC, as for put), and shows what the service sends back as for get:\n"
        + "a table on stdout, or --output FILE. Without --input nothing is sent: the exchange starts and the\n"
        + "client's side ends at once.";
  }

  @Override
  public List<Option> options() {
    return List.of(Descriptors.CMD, PutCommand.INPUT, DataFormat.OUTPUT, DataFormat.FORMAT, DataFormat.LIMIT,
        PutCommand.BATCH_ROWS, PutCommand.INFER_ROWS, Progress.OPTION);
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(1, 2, "LOCATION", "PATH");
    ClientSettings settings = ClientOptionsParser.fromCommandLine(args, io);
    FlightDescriptor descriptor = Descriptors.from(args, 1);
    Progress.Mode mode = Progress.mode(args);
    DataFormat.chosen(args);
    Path input = args.has("input") ? PutCommand.inputFile(args) : null;
    int batchRows = (int) args.longValue("batch-rows", CsvReader.DEFAULT_BATCH_ROWS, 1, 10_000_000);
    int inferRows = (int) args.longValue("infer-rows", CsvReader.DEFAULT_INFER_ROWS, 1, 10_000_000);
    try (BufferAllocator allocator = new RootAllocator();
        BatchSource source = input == null ? null : InputFiles.open(input, allocator, batchRows, inferRows);
        FlightClient client = settings.connect(allocator);
        BatchSink sink = DataFormat.open(args, io, allocator);
        Progress progress = Progress.start("exchange", mode, io)) {
      Download download;
      if (source != null) {
        progress.totals(-1, source.sizeBytes());
        download = new Download(sink, null);
      } else {
        download = new Download(sink, progress);
      }
      DoExchangeStreams exchange = client.doExchange(descriptor);
      Sender sender = source == null ? null : new Sender(source, exchange.writer(), progress, client);
      boolean answered;
      try {
        if (sender == null) {
          exchange.writer().doneWriting();
        } else {
          sender.start();
        }
        answered = download.read(exchange.reader());
        if (sender != null) {
          sender.join();
          if (sender.failure != null) {
            throw new CommandFailure("the service ended the exchange before all input was sent ("
                + Failures.message(sender.failure) + ")", sender.failure);
          }
        }
      } catch (Throwable t) {
        // on failure the exchange is not finished: closing the client cancels it and stops the sender
        client.close();
        if (sender != null) {
          sender.join();
          Throwable f = sender.failure;
          if (f != null && f != t && !(t instanceof CommandFailure)) {
            f.addSuppressed(t);
            if (f instanceof Exception) {
              throw (Exception) f;
            }
            throw (Error) f;
          }
        }
        throw t;
      }
      exchange.reader().close();
      String sent = sender == null ? "" : "sent " + ProgressFormat.count(sender.rows) + " rows ("
          + ProgressFormat.bytes(source.sizeBytes()) + " of " + input.getFileName() + "), ";
      progress.finish("exchange: " + sent + "received " + ProgressFormat.count(download.rows()) + " rows in "
          + ProgressFormat.count(download.batches()) + (download.batches() == 1 ? " batch" : " batches") + " ("
          + ProgressFormat.bytes(download.bytes()) + ") in " + ProgressFormat.seconds(progress.snapshot().elapsedNanos()));
      if (answered) {
        sink.finish();
      } else {
        io.err.println("exchange: the service sent no data back" + (args.has("output") ? "; nothing written" : ""));
      }
    }
    return 0;
  }

  /** Sends the input's batches on a thread of its own; owns nothing (all borrowed). */
  private static final class Sender extends Thread {
    private final BatchSource source;
    private final FlightStreamWriter writer;
    private final Progress progress;
    private final FlightClient client;
    volatile Throwable failure;
    volatile long rows;

    Sender(BatchSource source, FlightStreamWriter writer, Progress progress, FlightClient client) {
      super("flightwire-exchange-send");
      setDaemon(true);
      this.source = source;
      this.writer = writer;
      this.progress = progress;
      this.client = client;
    }

    @Override
    public void run() {
      try {
        rows = Uploads.writeAll(source, writer, progress);
      } catch (Throwable t) {
        failure = t;
        client.close(); // wakes the reading thread, which reports this failure
      }
    }
  }
}
