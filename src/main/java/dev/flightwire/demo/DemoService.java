package dev.flightwire.demo;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.RecordBatchStream;
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
import org.apache.arrow.vector.table.Table;

/**
 * The seed's example data service: tables {@code dataset/sales} and {@code dataset/products},
 * generated streams {@code streaming/numbers} and {@code streaming/time_series}, uploads kept in
 * memory under their path, actions {@code list_tables} and {@code get_stats}.
 */
public final class DemoService extends FlightServerBase implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Map<String, Table> tables = new TreeMap<>();

  public DemoService(BufferAllocator allocator) {
    this.allocator = allocator;
    tables.put("dataset/sales", DemoData.sales(allocator));
    tables.put("dataset/products", DemoData.products(allocator));
  }

  private static String key(FlightDescriptor d) {
    return String.join("/", d.path());
  }

  private FlightInfo info(String path, Table table) {
    FlightDescriptor d = FlightDescriptor.forPath(path.split("/"));
    return FlightInfo.forTable(table, d, List.of(new FlightEndpoint(Ticket.of(path))));
  }

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    List<FlightInfo> out = new ArrayList<>();
    synchronized (tables) {
      tables.forEach((path, table) -> out.add(info(path, table)));
    }
    for (String s : DemoData.STREAMS) {
      out.add(streamInfo(s));
    }
    return out;
  }

  private FlightInfo streamInfo(String path) {
    return FlightInfo.builder(DemoData.streamSchema(path), FlightDescriptor.forPath(path.split("/")),
        List.of(new FlightEndpoint(Ticket.of(path)))).totalRecords(DemoData.streamRows(path)).build();
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    String path = key(descriptor);
    if (DemoData.STREAMS.contains(path)) {
      return streamInfo(path);
    }
    synchronized (tables) {
      Table t = tables.get(path);
      if (t == null) {
        throw new FlightUnavailableError("Unknown path: " + path);
      }
      return info(path, t);
    }
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
    synchronized (tables) {
      Table t = tables.get(path);
      if (t == null) {
        throw new FlightUnavailableError("Unknown ticket: " + path);
      }
      return new RecordBatchStream(t);
    }
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    String path = key(descriptor);
    Table table = reader.readAll();
    Table old;
    synchronized (tables) {
      old = tables.put(path, table);
    }
    // a table being streamed right now keeps its buffers alive through the messages in flight
    if (old != null) {
      old.close();
    }
  }

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of(new ActionType("list_tables", "List all stored tables"),
        new ActionType("get_stats", "Get server statistics"));
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    synchronized (tables) {
      switch (action.type()) {
        case "list_tables":
          return List.of(new Result(String.join("\n", tables.keySet()).getBytes(StandardCharsets.UTF_8)));
        case "get_stats": {
          long rows = 0;
          for (Table t : tables.values()) {
            rows += t.getRowCount();
          }
          String stats = "{'table_count': " + tables.size() + ", 'total_rows': " + rows + "}";
          return List.of(new Result(stats.getBytes(StandardCharsets.UTF_8)));
        }
        default:
          throw new FlightNotFoundError("Unknown action: " + action.type());
      }
    }
  }

  @Override
  public void close() {
    synchronized (tables) {
      tables.values().forEach(Table::close);
      tables.clear();
    }
  }
}
