package dev.flightwire.cli;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code serve --dir D}: the Arrow IPC and CSV files of a directory as flights (see
 * {@link DirectoryPaths} for names and datasets).
 *
 * <ul>
 *   <li>ListFlights: every data file and dataset. GetFlightInfo: its schema, total records and
 *       bytes (the buffer bytes of its batches, counted by reading each file once and cached until
 *       its size or time changes), and one endpoint per file (one for a data file, one per file of
 *       a dataset) whose ticket is the file's relative path. A dataset's files must have equal
 *       schemas (INTERNAL naming the odd file otherwise).
 *   <li>GetSchema: the schema alone (a CSV file's types come from its first 1000 rows).
 *   <li>A CMD descriptor is a scan ({@link Scan}): GetFlightInfo and GetSchema answer with the
 *       projected schema, and endpoints whose tickets carry the scan; DoGet of such a ticket
 *       sends the selected columns and the rows that may pass the filters ({@link ScanStream}).
 *       Totals are exact for a projection (the selected columns' bytes), -1 with filters.
 *   <li>DoGet: the file in batches (as stored for Arrow files; 65,536 rows for CSV).
 *   <li>DoPut: stores the upload as an Arrow IPC stream file, never replacing one; the file
 *       appears only once complete. One acknowledgement says where it went. A path starting
 *       with {@code _staging} is a staged write ({@link StagedWrites}).
 *   <li>DoExchange: echoes every batch and metadata message back.
 *   <li>Actions: {@code delete} (body: a flight path) deletes that flight's file, or a dataset's
 *       directory; {@code write-commit} and {@code write-abort} end a staged write;
 *       {@code counters} returns what DoGet has sent since the start ({@link DoGetCounters}).
 * </ul>
 * A file that cannot be read fails its calls with INTERNAL, and is listed without schema or totals.
 *
 * <h3>Threading</h3>
 * Calls run on the server's executor, many at once; state is the stats cache (a concurrent map),
 * the counters (atomic) and the staging area (commits, aborts and deletes under one lock). The
 * calls that resolve flights to files (ListFlights, GetFlightInfo, GetSchema, DoGet's opening of
 * its file) hold the read side of {@link StagedWrites}' lock, so they wait for a commit's renames
 * rather than see a dataset halfway.
 * Memory comes from the server's allocator (borrowed).
 */
final class DirectoryService extends FlightServerBase {
  private final DirectoryPaths paths;
  private final BufferAllocator allocator;
  private final FileStats stats;
  private final StagedWrites staged;
  private final DoGetCounters counters = new DoGetCounters();

  /** The part of {@code serve --help} on what query engines use: datasets, scans, staged writes. */
  static final String HELP =
      "For engines (README, \"serve --dir for engines\"): a directory holding a file named .dataset is\n"
      + "one flight, with one endpoint per data file in it. A command descriptor {\"type\": \"flightwire.scan\",\n"
      + "\"path\": [...], \"columns\": [...], \"filters\": [{\"column\": C, \"op\": OP, \"value\": V}]} scans a flight:\n"
      + "those columns, and the rows that may pass the filters (eq ne lt le gt ge in is_null is_not_null;\n"
      + "a filter the server cannot apply is skipped, so clients re-check them). A DoPut to _staging/JOB/NAME\n"
      + "stages a file out of sight; action write-commit {\"path\": [...], \"job\": JOB, \"mode\": \"append\" |\n"
      + "\"overwrite\" | \"create\"[, \"files\": [NAME...]]} moves the job's (named) files into that dataset,\n"
      + "write-abort {\"job\": JOB} drops them. Action counters returns what DoGet has sent since the start\n"
      + "(calls, batches, rows, bytes).\n";

  /** Serves {@code dir} (which must be a directory), allocating from {@code allocator} (borrowed). */
  DirectoryService(Path dir, BufferAllocator allocator) throws IOException {
    this(dir, allocator, StagedWrites.FileOps.REAL);
  }

  /** As above, with the renames and deletes of staged writes made by {@code ops} (tests fail them). */
  DirectoryService(Path dir, BufferAllocator allocator, StagedWrites.FileOps ops) throws IOException {
    this.paths = new DirectoryPaths(dir.toRealPath());
    this.allocator = allocator;
    this.stats = new FileStats(allocator);
    this.staged = new StagedWrites(paths, stats, ops);
  }

  Path root() {
    return paths.root();
  }

  /** The served directory's flights (serve --sql loads them as tables). */
  DirectoryPaths paths() {
    return paths;
  }

  /** The data files of a flight: the file, or a dataset's files. */
  private List<Path> files(DirectoryPaths.Entry e) {
    if (!e.dataset()) {
      return List.of(e.path());
    }
    List<Path> files;
    try {
      files = DirectoryPaths.datasetFiles(e.path());
    } catch (NoSuchFileException gone) {
      files = List.of();
    } catch (IOException ex) {
      throw new FlightInternalError("cannot list the dataset " + paths.relative(e.path()) + ": "
          + Failures.message(ex));
    }
    if (files.isEmpty()) {
      throw new FlightNotFoundError("no flight " + String.join("/", e.parts()) + " in the served directory: the"
          + " dataset has no data files");
    }
    return files;
  }

  private FileStats.Stats statsOf(DirectoryPaths.Entry e, Path file) {
    try {
      return stats.get(file);
    } catch (NoSuchFileException gone) {
      throw new FlightNotFoundError("no flight " + String.join("/", e.parts()) + " in the served directory (deleted?)");
    } catch (IOException | RuntimeException ex) {
      throw unreadable(file, ex);
    }
  }

  /** The info of a flight, or of a scan of it ({@code scan} null for the whole flight). */
  private FlightInfo info(DirectoryPaths.Entry e, FlightDescriptor descriptor, Scan scan) {
    Schema schema = null;
    Path first = null;
    long rows = 0;
    long bytes = 0;
    List<FlightEndpoint> endpoints = new ArrayList<>();
    for (Path file : files(e)) {
      FileStats.Stats s = statsOf(e, file);
      if (schema == null) {
        schema = s.schema();
        first = file;
      } else if (!schema.equals(s.schema())) {
        throw oddSchema(e, file, first);
      }
      rows += s.rows();
      String relative = paths.relative(file);
      if (scan == null) {
        bytes += s.bytes();
        endpoints.add(new FlightEndpoint(Ticket.of(relative)));
      } else {
        bytes += s.bytesOf(scan.columnIndexes(s.schema()));
        endpoints.add(new FlightEndpoint(Ticket.of(scan.ticket(relative))));
      }
    }
    if (scan != null) {
      schema = scan.project(schema);
      if (!scan.filters().isEmpty()) {
        rows = -1;
        bytes = -1;
      }
    }
    return new FlightInfo(schema, descriptor, endpoints, rows, bytes, false, null);
  }

  private FlightInternalError oddSchema(DirectoryPaths.Entry e, Path file, Path first) {
    return new FlightInternalError("the files of the dataset " + String.join("/", e.parts()) + " differ in schema: "
        + paths.relative(file) + " has not the schema of " + paths.relative(first));
  }

  private FlightInternalError unreadable(Path file, Exception e) {
    return new FlightInternalError("cannot read " + paths.relative(file) + ": " + Failures.message(e));
  }

  private static List<String> pathOf(FlightDescriptor descriptor) {
    if (!descriptor.isPath()) {
      throw new FlightInvalidArgumentError("uploads are named by path, not by command");
    }
    return descriptor.path();
  }

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    try (StagedWrites.Reading r = staged.reading()) {
      return list();
    }
  }

  private List<FlightInfo> list() {
    List<DirectoryPaths.Entry> entries;
    try {
      entries = paths.list();
    } catch (IOException e) {
      throw new FlightInternalError("cannot list the served directory: " + Failures.message(e));
    }
    List<FlightInfo> out = new ArrayList<>();
    for (DirectoryPaths.Entry e : entries) {
      FlightDescriptor d = FlightDescriptor.forPath(e.parts());
      try {
        out.add(info(e, d, null));
      } catch (FlightNotFoundError gone) {
        // deleted while listing, or a dataset without files
      } catch (FlightInternalError bad) {
        List<FlightEndpoint> endpoints = new ArrayList<>();
        try {
          for (Path f : files(e)) {
            endpoints.add(new FlightEndpoint(Ticket.of(paths.relative(f))));
          }
        } catch (FlightNotFoundError | FlightInternalError ignored) {
          // listed without endpoints
        }
        out.add(new FlightInfo((Schema) null, d, endpoints, -1, -1, false,
            bad.getMessage().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    Scan.Command command = descriptor.isCommand() ? Scan.parseCommand(descriptor.command()) : null;
    try (StagedWrites.Reading r = staged.reading()) {
      if (command != null) {
        return info(paths.find(command.path()), descriptor, command.scan());
      }
      return info(paths.find(descriptor.path()), descriptor, null);
    }
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    Scan.Command command = descriptor.isCommand() ? Scan.parseCommand(descriptor.command()) : null;
    try (StagedWrites.Reading r = staged.reading()) {
      if (command != null) {
        return new SchemaResult(command.scan().project(schemaOf(paths.find(command.path()))));
      }
      return new SchemaResult(schemaOf(paths.find(descriptor.path())));
    }
  }

  /** A flight's schema, read from its files' heads (not their batches). */
  private Schema schemaOf(DirectoryPaths.Entry e) {
    Schema schema = null;
    Path first = null;
    for (Path file : files(e)) {
      Schema s;
      try (BatchSource source = stats.open(file)) {
        s = FileStats.messageSchema(source);
      } catch (IOException | RuntimeException ex) {
        throw unreadable(file, ex);
      }
      if (schema == null) {
        schema = s;
        first = file;
      } else if (!schema.equals(s)) {
        throw oddSchema(e, file, first);
      }
    }
    return schema;
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    counters.call();
    String text = ticket.asString();
    Scan.OnFile scan = Scan.parseTicket(text);
    Path file;
    BatchSource opened;
    try (StagedWrites.Reading r = staged.reading()) {
      file = paths.forTicket(scan == null ? text : scan.file());
      try {
        opened = stats.open(file);
      } catch (IOException | RuntimeException e) {
        throw unreadable(file, e);
      }
    }
    BatchSource source;
    try {
      source = PreloadedSource.of(opened);
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
    try {
      FlightDataStream stream = scan == null ? new SourceStream(source) : ScanStream.of(source, scan.scan(), allocator);
      return new CountedStream(stream, counters);
    } catch (FlightError e) {
      throw e;
    } catch (Exception e) {
      throw unreadable(file, e);
    }
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    List<String> parts = pathOf(descriptor);
    String shown = String.join("/", parts);
    boolean isStaged = StagedWrites.isStaged(parts);
    Path target;
    long rows = 0;
    try {
      target = isStaged ? staged.uploadTarget(parts) : paths.uploadTarget(parts);
      try (ArrowSink sink = new ArrowSink(OutputTarget.newFile(target), false, allocator)) {
        boolean more = reader.next();
        if (!more && !reader.hasSchema()) {
          throw new FlightInvalidArgumentError("the upload sent no schema");
        }
        sink.begin(reader.schema(), reader.dictionaries());
        while (more) {
          rows += reader.root().getRowCount();
          sink.write(reader.root());
          more = reader.next();
        }
        sink.finish();
      }
    } catch (FileAlreadyExistsException e) {
      throw new FlightAlreadyExistsError("flight " + shown + " was stored by another upload meanwhile");
    } catch (IOException e) {
      throw new FlightInternalError("cannot store " + shown + ": " + Failures.message(e));
    }
    String where = isStaged ? "staged " + parts.get(1) + "/" + target.getFileName()
        : "stored " + paths.relative(target);
    writer.write((where + " (" + rows + (rows == 1 ? " row)" : " rows)")).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    boolean begun = false;
    FlightStreamChunk chunk;
    DictionaryChanges changes = null;
    try {
      while ((chunk = reader.readChunk()) != null) {
        if (!begun && reader.hasSchema()) {
          writer.begin(reader.schema(), reader.dictionaries());
          changes = new DictionaryChanges(reader.dictionaries());
          changes.changed();
          begun = true;
        }
        if (chunk.data() != null) {
          // a dictionary replaced or extended since the last batch goes back before this one
          for (long id : changes.changed()) {
            writer.writeDictionary(reader.dictionaries().lookup(id), false);
          }
          writer.writeWithMetadata(chunk.data(), chunk.appMetadata());
        } else {
          writer.writeMetadata(chunk.appMetadata());
        }
      }
    } finally {
      if (changes != null) {
        changes.close();
      }
    }
    if (!begun && reader.hasSchema()) {
      writer.begin(reader.schema(), reader.dictionaries());
    }
  }

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of(
        new ActionType("delete", "delete the flight whose path is the body: its file, or a dataset's directory"),
        new ActionType("write-commit", "make a staged write visible: body {\"path\": [...], \"job\": JOB, \"mode\":"
            + " \"append\" | \"overwrite\" | \"create\"[, \"files\": [NAME, ...]]} (files: only those staged files);"
            + " returns {\"path\", \"files\", \"rows\"}"),
        new ActionType("write-abort", "delete what a job staged: body {\"job\": JOB}"),
        new ActionType("counters", "what DoGet has sent since the server started, as JSON: do_get_calls,"
            + " do_get_batches, do_get_rows, do_get_bytes (buffer bytes)"));
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    String body = action.bodyAsString().trim();
    try {
      switch (action.type()) {
        case "delete":
          return List.of(Result.of(delete(body)));
        case "write-commit":
          return List.of(Result.of(staged.commit(body)));
        case "write-abort":
          return List.of(Result.of(staged.abort(body)));
        case "counters":
          return List.of(Result.of(counters.json()));
        default:
          throw new FlightUnimplementedError("unknown action: " + action.type()
              + " (this service has: delete, write-commit, write-abort, counters)");
      }
    } catch (IOException e) {
      throw new FlightInternalError(action.type() + " failed: " + Failures.message(e));
    }
  }

  private String delete(String body) throws IOException {
    if (body.isEmpty()) {
      throw new FlightInvalidArgumentError("delete needs the flight's path as its body");
    }
    DirectoryPaths.Entry e = paths.find(List.of(body.split("/", -1)));
    if (e.dataset()) {
      staged.deleteDataset(e.path());
      return "deleted the dataset " + paths.relative(e.path());
    }
    try {
      Files.delete(e.path());
    } catch (NoSuchFileException gone) {
      throw new FlightNotFoundError("no flight " + body + " in the served directory");
    }
    stats.forget(e.path());
    return "deleted " + paths.relative(e.path());
  }
}
