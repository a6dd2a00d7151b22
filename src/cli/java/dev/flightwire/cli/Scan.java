package dev.flightwire.cli;

import dev.flightwire.FlightInvalidArgumentError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A scan of {@code serve --dir}: which columns to send and which rows may be left out, in its two
 * JSON forms.
 *
 * <ul>
 *   <li>The command (a CMD FlightDescriptor, UTF-8 JSON) names the flight:
 *       <pre>{"type": "flightwire.scan", "path": ["sub", "sales"], "columns": ["a", "b"],
 * "filters": [{"column": "a", "op": "ge", "value": 10}]}</pre>
 *   <li>The ticket of each endpoint names one data file instead of the path:
 *       <pre>{"type": "flightwire.scan", "file": "sub/sales/part-0.arrows", "columns": [...], "filters": [...]}</pre>
 *       A plain ticket (a file's relative path) is never a JSON object, as it ends with the
 *       file's extension, so the two cannot be mistaken for each other.
 * </ul>
 * {@code columns} absent means every column; {@code filters} absent means none. Unknown keys are
 * refused, so that a misspelt key is not silently ignored.
 *
 * @param columns the top-level columns, in the order they are sent; null for all
 * @param filters a conjunction; empty for none
 */
record Scan(List<String> columns, List<ScanFilter> filters) {
  static final String TYPE = "flightwire.scan";

  /** A scan command: the flight's path and the scan. */
  record Command(List<String> path, Scan scan) {}

  /** A scan ticket: the data file (relative path, parts joined with {@code /}) and the scan. */
  record OnFile(String file, Scan scan) {}

  /**
   * Reads a scan command.
   *
   * @throws FlightInvalidArgumentError when it is not one, or is malformed
   */
  static Command parseCommand(byte[] command) {
    Object json;
    try {
      json = Json.parse(new String(command, StandardCharsets.UTF_8));
    } catch (Json.ParseException e) {
      throw new FlightInvalidArgumentError("this service's commands are JSON scans ({\"type\": \"" + TYPE
          + "\", \"path\": [...], ...}); this one is not JSON: " + e.getMessage());
    }
    Map<?, ?> m = scanObject(json, "path");
    if (!(m.get("path") instanceof List<?> parts) || parts.isEmpty()) {
      throw bad("\"path\" must be the flight's path as an array of strings, e.g. [\"sub\", \"sales\"]");
    }
    List<String> path = new ArrayList<>();
    for (Object p : parts) {
      if (!(p instanceof String s)) {
        throw bad("\"path\" must be an array of strings, not " + Json.write(parts));
      }
      path.add(s);
    }
    return new Command(List.copyOf(path), scanOf(m));
  }

  /**
   * Reads a scan ticket, or returns null when {@code ticket} is not a JSON object (a plain ticket).
   *
   * @throws FlightInvalidArgumentError when it is a JSON object but not a scan ticket
   */
  static OnFile parseTicket(String ticket) {
    if (!ticket.startsWith("{")) {
      return null;
    }
    Object json;
    try {
      json = Json.parse(ticket);
    } catch (Json.ParseException e) {
      return null;
    }
    if (!(json instanceof Map)) {
      return null;
    }
    Map<?, ?> m = scanObject(json, "file");
    if (!(m.get("file") instanceof String file)) {
      throw bad("a scan ticket names its \"file\"");
    }
    return new OnFile(file, scanOf(m));
  }

  /** A scan's JSON object, its type and keys checked; {@code nameKey} is the key naming the data. */
  private static Map<?, ?> scanObject(Object json, String nameKey) {
    if (!(json instanceof Map<?, ?> m)) {
      throw bad("the command must be a JSON object, not " + Json.write(json));
    }
    if (!TYPE.equals(m.get("type"))) {
      throw new FlightInvalidArgumentError("unknown command type " + Json.write(m.get("type") == null ? Json.NULL
          : m.get("type")) + ": this service's commands have \"type\": \"" + TYPE + "\"");
    }
    for (Object key : m.keySet()) {
      if (!List.of("type", nameKey, "columns", "filters").contains(key)) {
        throw bad("unknown key \"" + key + "\" (a scan has type, " + nameKey + ", columns and filters)");
      }
    }
    return m;
  }

  private static Scan scanOf(Map<?, ?> m) {
    List<String> columns = null;
    Object c = m.get("columns");
    if (c != null) {
      if (!(c instanceof List<?> list)) {
        throw bad("\"columns\" must be an array of column names");
      }
      Set<String> seen = new HashSet<>();
      columns = new ArrayList<>();
      for (Object name : list) {
        if (!(name instanceof String s)) {
          throw bad("\"columns\" must be an array of column names, not " + Json.write(list));
        }
        if (!seen.add(s)) {
          throw bad("column " + s + " is listed twice in \"columns\"");
        }
        columns.add(s);
      }
      columns = List.copyOf(columns);
    }
    List<ScanFilter> filters = new ArrayList<>();
    Object f = m.get("filters");
    if (f != null) {
      if (!(f instanceof List<?> list)) {
        throw bad("\"filters\" must be an array of filters");
      }
      for (Object filter : list) {
        filters.add(ScanFilter.fromJson(filter));
      }
    }
    return new Scan(columns, List.copyOf(filters));
  }

  private static FlightInvalidArgumentError bad(String message) {
    return new FlightInvalidArgumentError("scan: " + message);
  }

  /** The ticket of this scan over one data file ({@code file}: its relative path). */
  String ticket(String file) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("file", file);
    if (columns != null) {
      m.put("columns", columns);
    }
    if (!filters.isEmpty()) {
      List<Object> f = new ArrayList<>();
      for (ScanFilter filter : filters) {
        f.add(filter.toJson());
      }
      m.put("filters", f);
    }
    return Json.write(m);
  }

  /**
   * The indexes in {@code schema} of the columns sent, in order; checks that every filter's
   * column exists too.
   *
   * @throws FlightInvalidArgumentError naming a column the schema does not have
   */
  int[] columnIndexes(Schema schema) {
    List<Field> fields = schema.getFields();
    for (ScanFilter f : filters) {
      indexOf(fields, f.column(), "filter column");
    }
    if (columns == null) {
      int[] all = new int[fields.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] out = new int[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = indexOf(fields, columns.get(i), "column");
    }
    return out;
  }

  private static int indexOf(List<Field> fields, String name, String what) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(name)) {
        return i;
      }
    }
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      names.add(f.getName());
    }
    throw new FlightInvalidArgumentError("scan: unknown " + what + " " + name + " (the flight has: "
        + String.join(", ", names) + ")");
  }

  /** {@code schema} with only the columns sent, in their order; its metadata is kept. */
  Schema project(Schema schema) {
    int[] indexes = columnIndexes(schema);
    List<Field> fields = new ArrayList<>();
    for (int i : indexes) {
      fields.add(schema.getFields().get(i));
    }
    return new Schema(fields, schema.getCustomMetadata());
  }
}
