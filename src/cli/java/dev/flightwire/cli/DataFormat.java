package dev.flightwire.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The output formats of {@code get} and {@code exchange}, and the options that choose them:
 * {@code --output FILE} picks by extension ({@code .csv}; {@code .arrow} or {@code .feather} for
 * the IPC file format; {@code .arrows} for the IPC stream format), {@code --format} overrides it;
 * without {@code --output} the data goes to stdout, as a table unless {@code --format} says
 * otherwise.
 */
enum DataFormat {
  TABLE, CSV, ARROW_FILE, ARROW_STREAM;

  static final Option OUTPUT = Option.value("output", "FILE",
      "write the data to FILE (replaced once complete): .csv, .arrow/.feather (Arrow IPC file) or .arrows"
          + " (Arrow IPC stream); default: a table on stdout");
  static final Option FORMAT = Option.value("format", "FORMAT",
      "table, csv, arrow (IPC file) or arrows (IPC stream), whatever --output's extension; without --output"
          + " the data goes to stdout in this format");
  static final Option LIMIT = Option.value("limit", "N",
      "rows a table shows (default " + TableSink.DEFAULT_LIMIT + "); the rest are counted");

  /** The format chosen by {@code --format} and {@code --output}. */
  static DataFormat chosen(Args args) throws UsageException {
    String f = args.value("format");
    if (f != null) {
      switch (f.trim().toLowerCase(Locale.ROOT)) {
        case "table":
          return TABLE;
        case "csv":
          return CSV;
        case "arrow":
        case "feather":
          return ARROW_FILE;
        case "arrows":
          return ARROW_STREAM;
        default:
          throw new UsageException("--format is table, csv, arrow or arrows, not '" + f + "'");
      }
    }
    String out = args.value("output");
    if (out == null) {
      return TABLE;
    }
    DataFormat byName = ofFileName(out);
    if (byName == null) {
      throw new UsageException("cannot tell the format of '" + out + "' from its name: end it in .csv, .arrow,"
          + " .feather or .arrows, or give --format");
    }
    return byName;
  }

  /** The format a file name's extension stands for, or null. */
  static DataFormat ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return CSV;
    }
    if (n.endsWith(".arrow") || n.endsWith(".feather")) {
      return ARROW_FILE;
    }
    if (n.endsWith(".arrows")) {
      return ARROW_STREAM;
    }
    return null;
  }

  /**
   * Opens the sink chosen by the options: {@code --output}'s file, else stdout (Arrow IPC only
   * when stdout is not a terminal). Returns an owned sink.
   */
  static BatchSink open(Args args, Io io, BufferAllocator allocator) throws UsageException, IOException {
    DataFormat format = chosen(args);
    if (!args.has("output") && io.stdoutTerminal && (format == ARROW_FILE || format == ARROW_STREAM)) {
      throw new UsageException("Arrow IPC is binary: give --output FILE, or redirect stdout to a file or a pipe");
    }
    long limit = args.longValue("limit", TableSink.DEFAULT_LIMIT, 0, Integer.MAX_VALUE);
    if (args.has("limit") && format != TABLE) {
      throw new UsageException("--limit is for tables; " + format.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " output has every row");
    }
    String out = args.value("output");
    OutputTarget target = out == null ? OutputTarget.stdout(io.out) : OutputTarget.file(checkedOutput(out));
    switch (format) {
      case CSV:
        return new CsvSink(target);
      case ARROW_FILE:
        return new ArrowSink(target, true, allocator);
      case ARROW_STREAM:
        return new ArrowSink(target, false, allocator);
      default:
        return new TableSink(target, limit);
    }
  }

  private static Path checkedOutput(String out) throws UsageException {
    Path p = Paths.get(out).toAbsolutePath();
    if (java.nio.file.Files.isDirectory(p)) {
      throw new UsageException("--output " + out + " is a directory");
    }
    Path dir = p.getParent();
    if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
      throw new UsageException("--output " + out + ": the directory " + dir + " does not exist");
    }
    return p;
  }
}
