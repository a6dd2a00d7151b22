package dev.flightwire.demo;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.ChunkedTable;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The seed's example data service: tables {@code dataset/sales} and {@code dataset/products},
 * generated streams {@code streaming/numbers} and {@code streaming/time_series}, uploads kept in
 * memory under their path exactly as sent (batches, dictionaries, schema metadata) and served
 * back the same way, DoExchange echoing what it receives, actions {@code list_tables} and
 * {@code get_stats} (JSON).
 */
public final class DemoService extends FlightServerBase implements AutoCloseable {
  /** Uploaded batches of more rows than this are served back as slices of this many rows. */
  public static final int MAX_BATCH_ROWS = 65_536;

  private final BufferAllocator allocator;
  private final Map<String, Dataset> datasets = new TreeMap<>();

  public DemoService(BufferAllocator allocator) {
    this.allocator = allocator;
    datasets.put("dataset/sales", Dataset.of(DemoData.sales(allocator)));
    datasets.put("dataset/products", Dataset.of(DemoData.products(allocator)));
  }

  private static String key(FlightDescriptor d) {
    return String.join("/", d.path());
  }

  private static FlightDescriptor descriptor(String path) {
    return FlightDescriptor.forPath(path.split("/"));
  }

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    List<FlightInfo> out = new ArrayList<>();
    synchronized (datasets) {
      datasets.forEach((path, d) -> out.add(d.info(descriptor(path), new FlightEndpoint(Ticket.of(path)))));
    }
    for (String s : DemoData.STREAMS) {
      out.add(streamInfo(s));
    }
    return out;
  }

  private FlightInfo streamInfo(String path) {
    return FlightInfo.builder(DemoData.streamSchema(path), descriptor(path),
        List.of(new FlightEndpoint(Ticket.of(path)))).totalRecords(DemoData.streamRows(path)).build();
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    String path = key(descriptor);
    if (DemoData.STREAMS.contains(path)) {
      return streamInfo(path);
    }
    synchronized (datasets) {
      return find(path, "path").info(descriptor, new FlightEndpoint(Ticket.of(path)));
    }
  }

  private Dataset find(String path, String what) {
    Dataset d = datasets.get(path);
    if (d == null) {
      throw new FlightNotFoundError("Unknown " + what + ": " + path);
    }
    return d;
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(getFlightInfo(context, descriptor).schema());
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    String path = ticket.asString();
    if (DemoData.STREAMS.contains(path)) {
      return DemoData.stream(path, allocator);
    }
    synchronized (datasets) {
      return find(path, "ticket").stream(MAX_BATCH_ROWS);
    }
  }

  /**
   * Keeps the upload under its path, replacing what was there, once the whole stream has arrived.
   * A failed or cancelled upload stores nothing.
   */
  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    String path = key(descriptor);
    Dataset upload = Dataset.of(reader.readChunked());
    Dataset old;
    synchronized (datasets) {
      old = datasets.put(path, upload);
    }
    // streams still sending the old data hold their own references to it
    if (old != null) {
      old.release();
    }
  }

  /** Sends back what the client sends, batch for batch and dictionary for dictionary. */
  @Override
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    if (!reader.awaitSchema()) {
      return; // the client sent no data: nothing to send back
    }
    try (ChunkedTable received = reader.readChunked()) {
      writer.writeChunked(received, MAX_BATCH_ROWS);
    }
  }

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of(new ActionType("list_tables", "List all stored tables"),
        new ActionType("get_stats", "Get server statistics"));
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    synchronized (datasets) {
      switch (action.type()) {
        case "list_tables":
          return List.of(new Result(String.join("\n", datasets.keySet()).getBytes(StandardCharsets.UTF_8)));
        case "get_stats": {
          long rows = 0;
          long bytes = 0;
          for (Dataset d : datasets.values()) {
            rows += d.rows();
            bytes += d.bytes();
          }
          String stats = "{\"table_count\": " + datasets.size() + ", \"total_rows\": " + rows
              + ", \"total_bytes\": " + bytes + "}";
          return List.of(new Result(stats.getBytes(StandardCharsets.UTF_8)));
        }
        default:
          throw new FlightNotFoundError("Unknown action: " + action.type());
      }
    }
  }

  @Override
  public void close() {
    synchronized (datasets) {
      datasets.values().forEach(Dataset::release);
      datasets.clear();
    }
  }
}
