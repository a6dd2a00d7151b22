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
 * {@link DirectoryPaths} for names).
 *
 * <ul>
 *   <li>ListFlights: every data file. GetFlightInfo: its schema, total records and bytes (the
 *       buffer bytes of its batches, counted by reading the file once and cached until its size or
 *       time changes: {@link FileStats}), and one endpoint whose ticket is the file's relative path.
 *   <li>GetSchema: the schema alone (a CSV file's types come from its first 1000 rows).
 *   <li>A CMD descriptor is a scan ({@link Scan}): GetFlightInfo and GetSchema answer with the
 *       projected schema, and an endpoint whose ticket carries the scan; DoGet of such a ticket
 *       sends the selected columns and the rows that may pass the filters ({@link ScanStream}).
 *       Totals are exact for a projection (the selected columns' bytes), -1 with filters.
 *   <li>DoGet: the file in batches (as stored for Arrow files; 65,536 rows for CSV).
 *   <li>DoPut: stores the upload as an Arrow IPC stream file, never replacing one; the file
 *       appears only once complete. One acknowledgement says where it went.
 *   <li>DoExchange: echoes every batch and metadata message back.
 *   <li>Action {@code delete} (body: a flight path): deletes that flight's file. Action
 *       {@code counters}: what DoGet has sent since the start ({@link DoGetCounters}).
 * </ul>
 * A file that cannot be read fails its calls with INTERNAL, and is listed without schema or totals.
 *
 * <h3>Threading</h3>
 * Calls run on the server's executor, many at once; state is the stats cache (a concurrent map)
 * and the counters (atomic).
 * Memory comes from the server's allocator (borrowed).
 */
final class DirectoryService extends FlightServerBase {
  private final DirectoryPaths paths;
  private final BufferAllocator allocator;
  private final FileStats stats;
  private final DoGetCounters counters = new DoGetCounters();

  /** Serves {@code dir} (which must be a directory), allocating from {@code allocator} (borrowed). */
  DirectoryService(Path dir, BufferAllocator allocator) throws IOException {
    this.paths = new DirectoryPaths(dir.toRealPath());
    this.allocator = allocator;
    this.stats = new FileStats(allocator);
  }

  Path root() {
    return paths.root();
  }

  /** The info of a data file, or of a scan of it ({@code scan} null for the whole file). */
  private FlightInfo info(Path file, FlightDescriptor descriptor, List<String> parts, Scan scan) {
    FileStats.Stats s;
    try {
      s = stats.get(file);
    } catch (NoSuchFileException e) {
      throw new FlightNotFoundError("no flight " + String.join("/", parts) + " in the served directory (deleted?)");
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
    if (scan == null) {
      List<FlightEndpoint> endpoints = List.of(new FlightEndpoint(Ticket.of(paths.relative(file))));
      return new FlightInfo(s.schema(), descriptor, endpoints, s.rows(), s.bytes(), false, null);
    }
    List<FlightEndpoint> endpoints = List.of(new FlightEndpoint(Ticket.of(scan.ticket(paths.relative(file)))));
    Schema schema = scan.project(s.schema());
    if (!scan.filters().isEmpty()) {
      return new FlightInfo(schema, descriptor, endpoints, -1, -1, false, null);
    }
    return new FlightInfo(schema, descriptor, endpoints, s.rows(), s.bytesOf(scan.columnIndexes(s.schema())), false,
        null);
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
    List<DirectoryPaths.Entry> entries;
    try {
      entries = paths.list();
    } catch (IOException e) {
      throw new FlightInternalError("cannot list the served directory: " + Failures.message(e));
    }
    List<FlightInfo> out = new ArrayList<>();
    for (DirectoryPaths.Entry e : entries) {
      try {
        out.add(info(e.file(), FlightDescriptor.forPath(e.parts()), e.parts(), null));
      } catch (FlightNotFoundError gone) {
        // deleted while listing
      } catch (FlightInternalError bad) {
        out.add(new FlightInfo((Schema) null, FlightDescriptor.forPath(e.parts()),
            List.of(new FlightEndpoint(Ticket.of(paths.relative(e.file())))), -1, -1, false,
            bad.getMessage().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      Scan.Command command = Scan.parseCommand(descriptor.command());
      return info(paths.resolve(command.path()), descriptor, command.path(), command.scan());
    }
    List<String> parts = descriptor.path();
    return info(paths.resolve(parts), descriptor, parts, null);
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      Scan.Command command = Scan.parseCommand(descriptor.command());
      return new SchemaResult(command.scan().project(schemaOf(paths.resolve(command.path()))));
    }
    return new SchemaResult(schemaOf(paths.resolve(descriptor.path())));
  }

  /** A file's schema, read from its head (not its batches). */
  private Schema schemaOf(Path file) {
    try (BatchSource source = stats.open(file)) {
      return FileStats.messageSchema(source);
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    counters.call();
    String text = ticket.asString();
    Scan.OnFile scan = Scan.parseTicket(text);
    Path file = paths.forTicket(scan == null ? text : scan.file());
    BatchSource source;
    try {
      source = PreloadedSource.of(stats.open(file));
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
    Path target;
    long rows = 0;
    try {
      target = paths.uploadTarget(parts);
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
    writer.write(("stored " + paths.relative(target) + " (" + rows + (rows == 1 ? " row)" : " rows)"))
        .getBytes(StandardCharsets.UTF_8));
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
        new ActionType("delete", "delete the file of the flight whose path is the body"),
        new ActionType("counters", "what DoGet has sent since the server started, as JSON: do_get_calls,"
            + " do_get_batches, do_get_rows, do_get_bytes (buffer bytes)"));
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    if (action.type().equals("counters")) {
      return List.of(Result.of(counters.json()));
    }
    if (!action.type().equals("delete")) {
      throw new FlightUnimplementedError("unknown action: " + action.type() + " (this service has: delete, counters)");
    }
    String body = action.bodyAsString().trim();
    if (body.isEmpty()) {
      throw new FlightInvalidArgumentError("delete needs the flight's path as its body");
    }
    Path file = paths.resolve(List.of(body.split("/", -1)));
    try {
      Files.delete(file);
    } catch (NoSuchFileException e) {
      throw new FlightNotFoundError("no flight " + body + " in the served directory");
    } catch (IOException e) {
      throw new FlightInternalError("cannot delete " + paths.relative(file) + ": " + Failures.message(e));
    }
    stats.forget(file);
    return List.of(Result.of("deleted " + paths.relative(file)));
  }
}
