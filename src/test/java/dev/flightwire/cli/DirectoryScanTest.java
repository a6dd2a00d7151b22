package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Ticket;
import dev.flightwire.testing.LocalPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan command of {@code serve --dir}: projection and filters on every kind of column
 * ({@link ScanData}), each result checked value for value against the test's own filtering of the
 * file, for a file in the IPC file format and one in the stream format; the errors; and the
 * counters showing that a scan moves fewer bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryScanTest {
  @TempDir
  static Path dir;
  private LocalPair pair;
  private FlightClient client;
  /** Every row of the file, as text, in column order. */
  private List<List<String>> source;

  @BeforeAll
  void start() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      ScanData.write(a, dir.resolve("t.arrow"), true);
      ScanData.write(a, dir.resolve("ts.arrows"), false);
      source = new ArrayList<>();
      try (ArrowFileReader r = new ArrowFileReader(FileChannel.open(dir.resolve("t.arrow"), StandardOpenOption.READ),
          a)) {
        while (r.loadNextBatch()) {
          source.addAll(ScanData.rows(r.getVectorSchemaRoot(), r));
        }
      }
    }
    assertEquals(ScanData.ROWS, source.size());
    pair = LocalPair.start(a -> {
      try {
        return new DirectoryService(dir, a);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    client = pair.client();
  }

  @AfterAll
  void stop() {
    pair.close();
  }

  private static String scan(String flight, List<String> columns, List<Map<String, Object>> filters) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "flightwire.scan");
    m.put("path", List.of(flight));
    if (columns != null) {
      m.put("columns", columns);
    }
    if (filters != null) {
      m.put("filters", filters);
    }
    return Json.write(m);
  }

  private static Map<String, Object> filter(String column, String op, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", column);
    m.put("op", op);
    if (!op.startsWith("is_")) {
      m.put("value", value == null ? Json.NULL : value instanceof List<?> l ? jsonList(l) : value);
    }
    return m;
  }

  private static List<Object> jsonList(List<?> l) {
    List<Object> out = new ArrayList<>();
    for (Object o : l) {
      out.add(o == null ? Json.NULL : o);
    }
    return out;
  }

  /** Every row the flight info's endpoints send, as text. */
  private List<List<String>> fetch(FlightInfo info) {
    List<List<String>> rows = new ArrayList<>();
    for (FlightEndpoint e : info.endpoints()) {
      try (FlightStreamReader r = client.doGet(e.ticket())) {
        assertEquals(info.schema().getFields().size(), r.schema().getFields().size());
        while (r.next()) {
          rows.addAll(ScanData.rows(r.root(), r.dictionaries()));
        }
      }
    }
    return rows;
  }

  private List<List<String>> expected(List<String> columns, List<Object[]> filters) {
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < ScanData.ROWS; r++) {
      boolean pass = true;
      for (Object[] f : filters) {
        pass &= passes((String) f[0], (String) f[1], f[2], r);
      }
      if (pass) {
        List<String> row = new ArrayList<>();
        for (String c : columns) {
          row.add(source.get(r).get(ScanData.COLUMNS.indexOf(c)));
        }
        out.add(row);
      }
    }
    return out;
  }

  // the test's own reading of the filter semantics (README, "serve --dir for engines")

  private static final List<String> NUMBERS = List.of("i8", "i32", "i64", "u64", "f32", "f64", "dec");
  private static final List<String> STRINGS = List.of("s", "ls", "dict");

  private static boolean fits(String column, Object value) {
    return value == null || (NUMBERS.contains(column) && value instanceof Number)
        || (STRINGS.contains(column) && value instanceof String) || (column.equals("b") && value instanceof Boolean);
  }

  private static boolean passes(String column, String op, Object value, int r) {
    if (op.equals("is_null") || op.equals("is_not_null")) {
      boolean nested = column.equals("lst") || column.equals("st");
      boolean isNull = nested ? nestedIsNull(column, r) : ScanData.value(column, r) == null;
      return op.equals("is_null") == isNull;
    }
    List<?> values = op.equals("in") ? (List<?>) value : Arrays.asList(value);
    for (Object v : values) {
      if (!fits(column, v)) {
        return true; // not applied
      }
    }
    Object cell = ScanData.value(column, r);
    if (cell == null) {
      return false;
    }
    for (Object v : values) {
      if (v != null && holds(column, cell, v, op.equals("in") ? "eq" : op)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nestedIsNull(String column, int r) {
    return column.equals("lst") ? r % 10 == 0 : r % 12 == 0;
  }

  private static boolean holds(String column, Object cell, Object value, String op) {
    if (column.equals("f32")) {
      BigDecimal v = new BigDecimal(value.toString());
      double f = (Float) cell;
      return sign(doubles(f, v.doubleValue()), op) || sign(doubles(f, v.floatValue()), op);
    }
    int c;
    if (column.equals("f64")) {
      c = doubles((Double) cell, new BigDecimal(value.toString()).doubleValue());
    } else if (NUMBERS.contains(column)) {
      BigDecimal x = cell instanceof Long l ? BigDecimal.valueOf(l)
          : cell instanceof BigInteger b ? new BigDecimal(b) : (BigDecimal) cell;
      c = x.compareTo(new BigDecimal(value.toString()));
    } else if (STRINGS.contains(column)) {
      c = Arrays.compareUnsigned(((String) cell).getBytes(StandardCharsets.UTF_8),
          ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      c = Boolean.compare((Boolean) cell, (Boolean) value);
    }
    return sign(c, op);
  }

  private static int doubles(double a, double b) {
    if (Double.isNaN(a)) {
      return 1;
    }
    return a == b ? 0 : a < b ? -1 : 1;
  }

  private static boolean sign(int c, String op) {
    return switch (op) {
      case "eq" -> c == 0;
      case "ne" -> c != 0;
      case "lt" -> c < 0;
      case "le" -> c <= 0;
      case "gt" -> c > 0;
      case "ge" -> c >= 0;
      default -> throw new IllegalArgumentException(op);
    };
  }

  private void check(String flight, List<String> columns, List<Object[]> filters) {
    List<Map<String, Object>> json = new ArrayList<>();
    for (Object[] f : filters) {
      json.add(filter((String) f[0], (String) f[1], f[2]));
    }
    String command = scan(flight, columns, json);
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand(command));
    List<String> names = columns == null ? ScanData.COLUMNS : columns;
    assertEquals(names, info.schema().getFields().stream().map(Field::getName).toList(), command);
    assertEquals(-1, info.totalRecords(), command);
    assertEquals(expected(names, filters), fetch(info), command);
  }

  private static List<Object> valuesFor(String column) {
    return switch (column) {
      case "i8" -> List.of(5, -100, 2.5);
      case "i32" -> List.of(-3, 0);
      case "i64" -> List.of(400_000_000L, -600_000_000L);
      case "u64" -> List.of(new BigDecimal(Long.MAX_VALUE), 100, new BigDecimal("18446744073709551000.5"));
      case "f32" -> List.of(0.1, 2.5, 0.30000001192092896);
      case "f64" -> List.of(0, 49.75, 1e300);
      case "dec" -> List.of(new BigDecimal("-5.5"), 0, new BigDecimal("2.77"));
      case "s" -> List.of("banana", "é", "");
      case "ls" -> List.of("Zebra", "😀");
      case "b" -> List.of(true, false);
      case "dict" -> List.of("green", "blue");
      case "day" -> List.of(5);
      default -> throw new IllegalArgumentException(column);
    };
  }

  /** On the stream-format file, only the filtered column and a nested one are fetched (the copy is checked once). */
  @Test
  void everyComparisonOnEveryTypeMatchesTheTestsOwnFiltering() {
    for (String flight : List.of("t", "ts")) {
      for (String column : List.of("i8", "i32", "i64", "u64", "f32", "f64", "dec", "s", "ls", "b", "dict", "day")) {
        for (Object value : valuesFor(column)) {
          for (String op : List.of("eq", "ne", "lt", "le", "gt", "ge")) {
            check(flight, flight.equals("t") ? null : List.of(column, "st"), List.<Object[]>of(new Object[] {column, op,
                value}));
          }
        }
      }
    }
  }

  @Test
  void inNullTestsAndValuesThatDoNotFit() {
    List<Object[]> cases = new ArrayList<>(List.<Object[]>of(
        new Object[] {"i32", "in", Arrays.asList(-500, 2, 9, null, 193)},
        new Object[] {"u64", "in", Arrays.asList(100, new BigDecimal("18446744073709551610"))},
        new Object[] {"f32", "in", List.of(0.1, 0.3)},
        new Object[] {"s", "in", Arrays.asList("apple", "😀", null)},
        new Object[] {"dict", "in", List.of("red", "blue")},
        new Object[] {"b", "in", List.of(false)},
        new Object[] {"i8", "in", List.of()},
        new Object[] {"dec", "in", Arrays.asList((Object) null)},
        new Object[] {"i8", "eq", null},
        new Object[] {"i8", "ne", null},
        // not applied: the value's type does not fit the column, or the column's type is not compared
        new Object[] {"i32", "eq", "x"},
        new Object[] {"s", "lt", 5},
        new Object[] {"b", "eq", 1},
        new Object[] {"i32", "in", Arrays.asList(1, "x")},
        new Object[] {"day", "gt", 100}));
    for (String column : ScanData.COLUMNS) {
      cases.add(new Object[] {column, "is_null", null});
      cases.add(new Object[] {column, "is_not_null", null});
    }
    for (Object[] c : cases) {
      check("t", null, List.<Object[]>of(c));
    }
    // a filter that is not applied keeps every row (the client re-checks)
    assertEquals(ScanData.ROWS, fetch(client.getFlightInfo(FlightDescriptor.forCommand(scan("t", null,
        List.of(filter("day", "eq", 5), filter("i32", "eq", "x")))))).size());
  }

  @Test
  void projectionAndConjunctionsCopyNestedAndDictionaryColumns() {
    for (String flight : List.of("t", "ts")) {
      check(flight, List.of("st", "lst", "dict", "s", "f64"), List.<Object[]>of(
          new Object[] {"i32", "ge", 0}, new Object[] {"s", "ne", "apple"}, new Object[] {"b", "is_not_null", null}));
      check(flight, List.of("dict"), List.<Object[]>of(new Object[] {"dict", "eq", "blue"}));
      check(flight, List.of("lst", "i64"), List.<Object[]>of(new Object[] {"i64", "gt", 1e30}));
    }
  }

  @Test
  void projectionAloneKeepsTotalsMetadataAndBatches() throws Exception {
    FlightInfo whole = client.getFlightInfo(FlightDescriptor.forPath("t"));
    assertEquals(List.of("t.arrow"), whole.endpoints().stream().map(e -> e.ticket().asString()).toList(),
        "a plain path's ticket is the file's relative path");
    String command = scan("t", List.of("f64", "i8"), null);
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand(command));
    assertEquals(command, new String(info.descriptor().command(), StandardCharsets.UTF_8));
    Schema schema = info.schema();
    assertEquals(Map.of("origin", "scan test"), schema.getCustomMetadata());
    assertEquals(Map.of("unit", "m"), schema.getFields().get(0).getMetadata());
    assertEquals(schema, client.getSchema(FlightDescriptor.forCommand(command)).schema());
    assertEquals(ScanData.ROWS, info.totalRecords());
    assertTrue(info.totalBytes() > 0 && info.totalBytes() < whole.totalBytes() / 4, info + " " + whole);
    assertEquals(1, info.endpoints().size());
    int batches = 0;
    try (FlightStreamReader r = client.doGet(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        batches++;
      }
    }
    assertEquals(ScanData.BATCHES, batches);
    assertEquals(expected(List.of("f64", "i8"), List.of()), fetch(info));
    // a filter matching no row: the stream still has its schema, and no batch
    FlightInfo none = client.getFlightInfo(FlightDescriptor.forCommand(scan("t", List.of("s"),
        List.of(filter("i8", "gt", 1000)))));
    try (FlightStreamReader r = client.doGet(none.endpoints().get(0).ticket())) {
      assertEquals(List.of("s"), r.schema().getFields().stream().map(Field::getName).toList());
      assertEquals(false, r.next());
    }
  }

  private String refusal(String command) {
    return assertThrows(FlightInvalidArgumentError.class,
        () -> client.getFlightInfo(FlightDescriptor.forCommand(command)), command).getMessage();
  }

  @Test
  void badCommandsAreInvalidArguments() {
    assertEquals("scan: unknown column nope (the flight has: i8, i32, i64, u64, f32, f64, dec, s, ls, b, day, lst,"
        + " st, dict)", refusal(scan("t", List.of("i8", "nope"), null)));
    assertTrue(refusal(scan("t", null, List.of(filter("zz", "eq", 1))))
        .startsWith("scan: unknown filter column zz (the flight has: i8, "));
    assertTrue(refusal("{\"type\": \"flightwire.scan\", \"path\": [\"t\"]").startsWith("this service's commands are"
        + " JSON scans ({\"type\": \"flightwire.scan\", \"path\": [...], ...}); this one is not JSON: expected '}'"));
    assertTrue(refusal("SELECT 1").contains("this one is not JSON: unexpected character 'S' at character 1"));
    assertEquals("unknown command type \"flightwire.sql\": this service's commands have \"type\": \"flightwire.scan\"",
        refusal("{\"type\": \"flightwire.sql\", \"path\": [\"t\"]}"));
    assertEquals("scan: unknown key \"column\" (a scan has type, path, columns and filters)",
        refusal("{\"type\": \"flightwire.scan\", \"path\": [\"t\"], \"column\": [\"a\"]}"));
    assertTrue(refusal(scan("t", null, List.of(filter("i8", "like", 1))))
        .startsWith("scan: unknown filter op \"like\""));
    assertTrue(refusal(scan("t", null, List.of(Map.of("column", "i8", "op", "eq")))).startsWith("scan: op eq needs"));
    assertEquals("scan: column i8 is listed twice in \"columns\"", refusal(scan("t", List.of("i8", "i8"), null)));
    assertTrue(refusal("[1]").startsWith("scan: the command must be a JSON object"));
    assertThrows(FlightInvalidArgumentError.class,
        () -> client.getSchema(FlightDescriptor.forCommand(scan("t", List.of("nope"), null))));
    // a scan ticket naming a column the file lacks
    Ticket bad = Ticket.of("{\"type\": \"flightwire.scan\", \"file\": \"t.arrow\", \"columns\": [\"nope\"]}");
    assertThrows(FlightInvalidArgumentError.class, () -> {
      try (FlightStreamReader r = client.doGet(bad)) {
        r.next();
      }
    });
  }

  /**
   * A number like 1e-100000000 would make an integer comparison compute 10^100000000: numbers of
   * more than 1000 digits, or a scale beyond 1000 either way, are refused, in commands and tickets.
   */
  @Test
  void filterNumbersOfAbsurdScaleOrPrecisionAreRefused() {
    String many = "1" + "0".repeat(1000) + ".5";
    for (String value : List.of("1e-100000000", "1e5000", "-2.5E-1001", many, "[3, 1e-5000]")) {
      String op = value.startsWith("[") ? "in" : "gt";
      String command = "{\"type\": \"flightwire.scan\", \"path\": [\"t\"], \"filters\": [{\"column\": \"i32\","
          + " \"op\": \"" + op + "\", \"value\": " + value + "}]}";
      String m = refusal(command);
      assertTrue(m.startsWith("scan: the filter on column i32 (op " + op + ") has a number out of range ("), m);
      assertTrue(m.endsWith("): a filter's numbers have at most 1000 significant digits and a scale (digits after the"
          + " point, or zeros before it when negative) from -1000 to 1000"), m);
      assertTrue(m.length() < 400, m);
    }
    Ticket ticket = Ticket.of("{\"type\": \"flightwire.scan\", \"file\": \"t.arrow\", \"filters\": [{\"column\":"
        + " \"i8\", \"op\": \"lt\", \"value\": -1e-5000}]}");
    String m = assertThrows(FlightInvalidArgumentError.class, () -> {
      try (FlightStreamReader r = client.doGet(ticket)) {
        r.next();
      }
    }).getMessage();
    assertTrue(m.startsWith("scan: the filter on column i8 (op lt) has a number out of range (-1E-5000)"), m);
    // at the limits: accepted, and compared exactly (|x| < 1 on integer columns without scaling)
    for (String column : List.of("i8", "i32", "i64", "u64", "f64", "dec")) {
      for (String op : List.of("eq", "ne", "lt", "le", "gt", "ge")) {
        for (BigDecimal value : List.of(new BigDecimal("1e-1000"), new BigDecimal("-1e-1000"),
            new BigDecimal("-0.5"), new BigDecimal("1e1000"))) {
          check("t", List.of(column), List.<Object[]>of(new Object[] {column, op, value}));
        }
      }
    }
  }

  private Map<?, ?> counters() throws Json.ParseException {
    return (Map<?, ?>) Json.parse(client.doAction(new Action("counters")).next().bodyAsString());
  }

  private static long delta(Map<?, ?> after, Map<?, ?> before, String key) {
    return ((BigDecimal) after.get(key)).longValueExact() - ((BigDecimal) before.get(key)).longValueExact();
  }

  @Test
  void countersShowThatPushDownMovesFewerBytes() throws Exception {
    Map<?, ?> start = counters();
    fetch(client.getFlightInfo(FlightDescriptor.forPath("t")));
    Map<?, ?> whole = counters();
    List<List<String>> rows = fetch(client.getFlightInfo(FlightDescriptor.forCommand(scan("t", List.of("i32", "s"),
        List.of(filter("i32", "ge", 400))))));
    Map<?, ?> scanned = counters();
    assertEquals(1, delta(whole, start, "do_get_calls"));
    assertEquals(ScanData.BATCHES, delta(whole, start, "do_get_batches"));
    assertEquals(ScanData.ROWS, delta(whole, start, "do_get_rows"));
    assertEquals(1, delta(scanned, whole, "do_get_calls"));
    assertEquals(rows.size(), delta(scanned, whole, "do_get_rows"));
    long all = delta(whole, start, "do_get_bytes");
    long pushed = delta(scanned, whole, "do_get_bytes");
    assertTrue(pushed > 0 && pushed * 20 < all, "scan " + pushed + " B, whole " + all + " B");
    assertNotEquals(0, rows.size());
  }
}
