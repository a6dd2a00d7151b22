package dev.flightwire.sqlpeer;

import static dev.flightwire.sqlpeer.CheckList.check;
import static dev.flightwire.sqlpeer.CheckList.checkEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcConnection.GetObjectsDepth;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcException;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.core.BulkIngestMode;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.adbc.sql.SqlQuirks;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * ADBC's Java Flight SQL driver (adbc-driver-flight-sql, with the Arrow Java flight-sql client it
 * brings) against a Flight SQL server that serves the {@link Fixture} tables.
 */
public final class AdbcPeer {
  private static final String BAD_QUERY = "SELECT * FROM no_such_table";

  private final CheckList.Options options;
  private final BufferAllocator allocator = new RootAllocator();

  private AdbcPeer(CheckList.Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    CheckList.Options options = CheckList.Options.parse(args);
    AdbcPeer peer = new AdbcPeer(options);
    CheckList list = new CheckList()
        .add("connect", peer::connect)
        .add("credentials_refused", peer::credentialsRefused)
        .add("get_info", peer::getInfo)
        .add("get_objects", peer::getObjects)
        .add("query", peer::query)
        .add("types", peer::types)
        .add("partitioned", peer::partitioned)
        .add("prepared", peer::prepared)
        .add("update", peer::update)
        .add("prepared_update", peer::preparedUpdate)
        .add("bulk_ingest", peer::bulkIngest)
        .add("ingest_command", peer::ingestCommand)
        .add("large_result", peer::largeResult)
        .add("error", peer::error);
    int exit = list.run(options);
    peer.allocator.close(); // fails (exit 1) on a leak
    System.exit(exit);
  }

  /** A bulk ingest creates its table with these type names (ADBC's defaults name only INT and CLOB). */
  private static String sqlType(ArrowType type) {
    if (type instanceof ArrowType.Int i) {
      return i.getBitWidth() == 64 ? "BIGINT" : "INTEGER";
    }
    if (type instanceof ArrowType.Utf8) {
      return "VARCHAR";
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return "DOUBLE";
    }
    throw new IllegalArgumentException("no SQL type for " + type);
  }

  private AdbcDatabase database(String user, String password) throws AdbcException {
    Map<String, Object> params = new HashMap<>();
    AdbcDriver.PARAM_URI.set(params, "grpc+tcp://" + options.host + ":" + options.port);
    if (user != null) {
      AdbcDriver.PARAM_USERNAME.set(params, user);
      AdbcDriver.PARAM_PASSWORD.set(params, password);
    }
    params.put(AdbcDriver.PARAM_SQL_QUIRKS, SqlQuirks.builder().arrowToSqlTypeNameMapping(AdbcPeer::sqlType).build());
    return new FlightSqlDriver(allocator).open(params);
  }

  /** Runs {@code body} on a new connection with the run's credentials. */
  private void withConnection(ConnectionBody body) throws Exception {
    try (AdbcDatabase db = database(options.user, options.password); AdbcConnection c = db.connect()) {
      body.run(c);
    }
  }

  interface ConnectionBody {
    void run(AdbcConnection c) throws Exception;
  }

  /** Every row of a query's result as a list of column values (Text as String). */
  private static List<List<Object>> rows(AdbcConnection c, String sql) throws Exception {
    try (AdbcStatement s = c.createStatement()) {
      s.setSqlQuery(sql);
      try (AdbcStatement.QueryResult r = s.executeQuery()) {
        return rows(r.getReader());
      }
    }
  }

  private static List<List<Object>> rows(ArrowReader reader) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    // the root first: ADBC's getInfo reader fails a loadNextBatch before it (its loader is made there)
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    while (reader.loadNextBatch()) {
      for (int i = 0; i < root.getRowCount(); i++) {
        List<Object> row = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
          row.add(plain(v.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Arrow's Text as String, nested lists and maps converted alike. */
  private static Object plain(Object o) {
    if (o instanceof org.apache.arrow.vector.util.Text t) {
      return t.toString();
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new HashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    return o;
  }

  private void connect() throws Exception {
    withConnection(c -> checkEquals(List.of(List.of(42L)), rows(c, "SELECT CAST(42 AS BIGINT)"), "SELECT 42"));
  }

  private void credentialsRefused() throws Exception {
    if (options.user == null) {
      throw new CheckList.Skip("the server needs no credentials in this run");
    }
    for (String[] creds : new String[][] {{options.user, options.password + "-wrong"}, {null, null}}) {
      try (AdbcDatabase db = database(creds[0], creds[1]); AdbcConnection c = db.connect()) {
        rows(c, "SELECT 42");
        throw new AssertionError("a query with " + (creds[0] == null ? "no credentials" : "a wrong password")
            + " was answered");
      } catch (AdbcException expected) {
        // refused, at connect or at the first call
      }
    }
  }

  private void getInfo() throws Exception {
    withConnection(c -> {
      try (ArrowReader r = c.getInfo()) {
        List<List<Object>> info = rows(r);
        check(!info.isEmpty(), "getInfo returned nothing");
      }
    });
  }

  private void getObjects() throws Exception {
    withConnection(c -> {
      List<List<Object>> catalogs;
      try (ArrowReader r = c.getObjects(GetObjectsDepth.ALL, null, null, Fixture.PEOPLE, null, null)) {
        catalogs = rows(r);
      }
      List<String> found = new ArrayList<>();
      List<String> columns = new ArrayList<>();
      for (List<Object> catalog : catalogs) {
        for (Object schemaObj : list(catalog.get(1))) {
          Map<?, ?> schema = (Map<?, ?>) schemaObj;
          for (Object tableObj : list(schema.get("db_schema_tables"))) {
            Map<?, ?> table = (Map<?, ?>) tableObj;
            found.add(catalog.get(0) + "." + schema.get("db_schema_name") + "." + table.get("table_name"));
            for (Object colObj : list(table.get("table_columns"))) {
              Map<?, ?> col = (Map<?, ?>) colObj;
              columns.add(col.get("column_name") + "#" + col.get("ordinal_position"));
            }
          }
        }
      }
      checkEquals(1, found.size(), "tables named people in getObjects " + found);
      check(found.get(0).endsWith("." + Fixture.PEOPLE), "getObjects: " + found);
      checkEquals(List.of("id#1", "name#2", "score#3"), columns, "people's columns in getObjects");
      // depth CATALOGS: at least one catalog, with no schemas listed
      try (ArrowReader r = c.getObjects(GetObjectsDepth.CATALOGS, null, null, null, null, null)) {
        check(!rows(r).isEmpty(), "getObjects(CATALOGS) returned no catalog");
      }
    });
  }

  private static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }

  private void query() throws Exception {
    withConnection(c -> {
      List<List<Object>> expected = new ArrayList<>();
      for (int i = 0; i < Fixture.IDS.length; i++) {
        expected.add(java.util.Arrays.asList(Fixture.IDS[i], Fixture.NAMES[i], Fixture.SCORES[i]));
      }
      checkEquals(expected, rows(c, "SELECT id, name, score FROM people ORDER BY id"), "people");
    });
  }

  /** Values of more SQL types: their Arrow types and values. */
  private void types() throws Exception {
    withConnection(c -> {
      try (AdbcStatement s = c.createStatement()) {
        s.setSqlQuery("SELECT DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05.123' AS ts,"
            + " CAST(1.25 AS DECIMAL(10,2)) AS dec, true AS b, 'h\u00e9llo \u2713' AS s, CAST(NULL AS INTEGER) AS nul,"
            + " [1, 2, 3] AS l");
        try (AdbcStatement.QueryResult r = s.executeQuery()) {
          ArrowReader reader = r.getReader();
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          List<String> types = new ArrayList<>();
          for (Field f : root.getSchema().getFields()) {
            types.add(f.getName() + ":" + f.getType().getTypeID());
          }
          checkEquals(List.of("d:Date", "ts:Timestamp", "dec:Decimal", "b:Bool", "s:Utf8", "nul:Int", "l:List"), types,
              "Arrow types");
          check(reader.loadNextBatch(), "no batch");
          checkEquals(1, root.getRowCount(), "rows");
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            row.add(plain(v.getObject(0)));
          }
          // a date in days (Date32) or milliseconds (Date64)
          Object d = row.get(0);
          Object date = d instanceof Integer days ? java.time.LocalDate.ofEpochDay(days)
              : d instanceof java.time.LocalDateTime t ? t.toLocalDate() : d;
          checkEquals(java.time.LocalDate.of(2024, 1, 2), date, "d");
          checkEquals(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000), row.get(1), "ts");
          checkEquals(new java.math.BigDecimal("1.25"), row.get(2), "dec");
          checkEquals(true, row.get(3), "b");
          checkEquals("h\u00e9llo \u2713", row.get(4), "s");
          checkEquals(null, row.get(5), "nul");
          checkEquals(List.of(1, 2, 3), row.get(6), "l");
        }
      }
    });
  }

  /**
   * The result of {@code SELECT n FROM big} as partitions (the endpoints' tickets), each read
   * through readPartition, on another connection: every row once.
   */
  private void partitioned() throws Exception {
    withConnection(c -> {
      List<java.nio.ByteBuffer> partitions = new ArrayList<>();
      try (AdbcStatement s = c.createStatement()) {
        s.setSqlQuery("SELECT n FROM big");
        AdbcStatement.PartitionResult result = s.executePartitioned();
        checkEquals("n", result.getSchema().getFields().get(0).getName(), "the partitions' schema");
        result.getPartitionDescriptors().forEach(d -> partitions.add(d.getDescriptor()));
      }
      check(!partitions.isEmpty(), "no partition");
      withConnection(other -> {
        long rows = 0;
        long sum = 0;
        for (java.nio.ByteBuffer partition : partitions) {
          try (ArrowReader reader = other.readPartition(partition)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
              BigIntVector n = (BigIntVector) root.getVector(0);
              for (int i = 0; i < n.getValueCount(); i++) {
                sum += n.get(i);
              }
              rows += n.getValueCount();
            }
          }
        }
        checkEquals(Fixture.BIG_ROWS, rows, "rows of big over " + partitions.size() + " partitions");
        checkEquals(Fixture.BIG_SUM, sum, "sum of n over big");
      });
    });
  }

  private void prepared() throws Exception {
    withConnection(c -> {
      try (AdbcStatement s = c.createStatement()) {
        s.setSqlQuery("SELECT name FROM people WHERE id = ? OR name = ? ORDER BY id");
        s.prepare();
        checkEquals(2, s.getParameterSchema().getFields().size(), "parameters in the prepared statement's schema");
        Schema params = new Schema(List.of(Field.nullable("0", new ArrowType.Int(64, true)),
            Field.nullable("1", ArrowType.Utf8.INSTANCE)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(params, allocator)) {
          bindRow(root, 2, "linus");
          s.bind(root);
          try (AdbcStatement.QueryResult r = s.executeQuery()) {
            checkEquals(List.of(List.of("grace"), List.of("linus")), rows(r.getReader()), "id = 2 OR name = 'linus'");
          }
          bindRow(root, 1, "barbara");
          s.bind(root);
          try (AdbcStatement.QueryResult r = s.executeQuery()) {
            checkEquals(List.of(List.of("ada"), List.of("barbara")), rows(r.getReader()),
                "id = 1 OR name = 'barbara'");
          }
        }
      }
    });
  }

  private static void bindRow(VectorSchemaRoot root, long id, String name) {
    root.allocateNew();
    ((BigIntVector) root.getVector(0)).setSafe(0, id);
    ((VarCharVector) root.getVector(1)).setSafe(0, name.getBytes(StandardCharsets.UTF_8));
    root.setRowCount(1);
  }

  private static long update(AdbcConnection c, String sql) throws AdbcException {
    try (AdbcStatement s = c.createStatement()) {
      s.setSqlQuery(sql);
      return s.executeUpdate().getAffectedRows();
    } catch (AdbcException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Updates run without prepare(): their row counts. */
  private void update() throws Exception {
    withConnection(c -> {
      update(c, "CREATE TABLE adbc_items (a INTEGER, b VARCHAR)");
      checkEquals(2L, update(c, "INSERT INTO adbc_items VALUES (1, 'x'), (2, 'y')"), "INSERT of 2 rows");
      checkEquals(1L, update(c, "UPDATE adbc_items SET b = 'w' WHERE a = 2"), "UPDATE of 1 row");
      checkEquals(List.of(List.of(1, "x"), List.of(2, "w")), rows(c, "SELECT a, b FROM adbc_items ORDER BY a"),
          "adbc_items");
      checkEquals(2L, update(c, "DELETE FROM adbc_items"), "DELETE of 2 rows");
    });
  }

  /** A prepared INSERT bound to 2 rows runs once per row. */
  private void preparedUpdate() throws Exception {
    withConnection(c -> {
      update(c, "CREATE TABLE adbc_prepared (a INTEGER, b VARCHAR)");
      try (AdbcStatement s = c.createStatement()) {
        s.setSqlQuery("INSERT INTO adbc_prepared VALUES (?, ?)");
        s.prepare();
        try (VectorSchemaRoot root = intStringRoot(new int[] {3, 4}, new String[] {"z", "v"})) {
          s.bind(root);
          checkEquals(2L, s.executeUpdate().getAffectedRows(), "prepared INSERT bound to 2 rows");
        }
      }
      checkEquals(List.of(List.of(3, "z"), List.of(4, "v")), rows(c, "SELECT a, b FROM adbc_prepared ORDER BY a"),
          "adbc_prepared");
    });
  }

  private VectorSchemaRoot intStringRoot(int[] ints, String[] strings) {
    Schema schema = new Schema(List.of(Field.nullable("a", new ArrowType.Int(32, true)),
        Field.nullable("b", ArrowType.Utf8.INSTANCE)));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (int i = 0; i < ints.length; i++) {
      ((IntVector) root.getVector(0)).setSafe(i, ints[i]);
      ((VarCharVector) root.getVector(1)).setSafe(i, strings[i].getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(ints.length);
    return root;
  }

  /** ADBC's bulk ingest: CREATE TABLE from the root's schema, then its rows inserted. */
  private void bulkIngest() throws Exception {
    withConnection(c -> {
      try (VectorSchemaRoot root = intStringRoot(new int[] {10, 20, 30}, new String[] {"p", "q", "r"})) {
        try (AdbcStatement s = c.bulkIngest("adbc_ingested", BulkIngestMode.CREATE)) {
          s.bind(root);
          checkEquals(3L, s.executeUpdate().getAffectedRows(), "rows ingested");
        }
        try (AdbcStatement s = c.bulkIngest("adbc_ingested", BulkIngestMode.APPEND)) {
          s.bind(root);
          checkEquals(3L, s.executeUpdate().getAffectedRows(), "rows appended");
        }
      }
      checkEquals(List.of(List.of(6L, 120L)), rows(c, "SELECT count(*), CAST(sum(a) AS BIGINT) FROM adbc_ingested"),
          "count and sum of adbc_ingested");
    });
  }

  /**
   * The protocol's own bulk ingest (CommandStatementIngest), which ADBC's Java driver does not use:
   * the Arrow Java flight-sql client that ADBC brings, directly.
   */
  private void ingestCommand() throws Exception {
    try (FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure(options.host, options.port))
        .build()) {
      List<CallOption> call = new ArrayList<>();
      if (options.user != null) {
        flight.authenticateBasicToken(options.user, options.password).ifPresent(call::add);
      }
      CallOption[] opts = call.toArray(new CallOption[0]);
      try (FlightSqlClient sql = new FlightSqlClient(flight);
           VectorSchemaRoot root = intStringRoot(new int[] {7, 8}, new String[] {"s", "t"})) {
        TableDefinitionOptions create = TableDefinitionOptions.newBuilder()
            .setIfNotExist(TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
            .setIfExists(TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_APPEND).build();
        long n = sql.executeIngest(root, new FlightSqlClient.ExecuteIngestOptions("command_ingested", create,
            null, null, null), opts);
        checkEquals(2L, n, "rows ingested");
        n = sql.executeIngest(root, new FlightSqlClient.ExecuteIngestOptions("command_ingested", create,
            null, null, null), opts);
        checkEquals(2L, n, "rows appended");
      }
    }
    withConnection(c -> checkEquals(List.of(List.of(4L, 30L)),
        rows(c, "SELECT count(*), CAST(sum(a) AS BIGINT) FROM command_ingested"), "count and sum of command_ingested"));
  }

  private void largeResult() throws Exception {
    withConnection(c -> {
      try (AdbcStatement s = c.createStatement()) {
        s.setSqlQuery("SELECT n FROM big");
        long rows = 0;
        long sum = 0;
        try (AdbcStatement.QueryResult r = s.executeQuery()) {
          ArrowReader reader = r.getReader();
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          while (reader.loadNextBatch()) {
            BigIntVector n = (BigIntVector) root.getVector(0);
            for (int i = 0; i < n.getValueCount(); i++) {
              sum += n.get(i);
            }
            rows += n.getValueCount();
          }
        }
        checkEquals(Fixture.BIG_ROWS, rows, "rows of big");
        checkEquals(Fixture.BIG_SUM, sum, "sum of n over big");
      }
    });
  }

  private void error() throws Exception {
    withConnection(c -> {
      try {
        rows(c, BAD_QUERY);
        throw new AssertionError("a query of a missing table was answered");
      } catch (AdbcException e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
          all.append(t.getMessage()).append(" | ");
        }
        check(all.toString().replace(BAD_QUERY, "").contains("no_such_table"),
            "the AdbcException does not carry the server's message: " + all);
      }
      checkEquals(List.of(List.of(1L)), rows(c, "SELECT CAST(1 AS BIGINT)"), "SELECT 1 after the error");
    });
  }
}
