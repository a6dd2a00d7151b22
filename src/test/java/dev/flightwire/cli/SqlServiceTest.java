package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.FlightSqlSchemas;
import dev.flightwire.sql.PreparedStatement;
import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.TableDefinitionOptions;
import dev.flightwire.sql.TableRef;
import dev.flightwire.sql.Transaction;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --sql}'s service in one JVM, over TCP, with our FlightSqlClient: the directory's
 * files as tables, queries (a million rows streamed in batches), metadata, prepared statements with
 * parameters, updates, ingestion, uploads becoming tables, and the engine's errors. The allocator
 * is closed last: a leaked buffer fails the test.
 */
class SqlServiceTest {
  @TempDir
  Path dir;

  private BufferAllocator allocator;
  private SqlEngine engine;
  private FlightServer server;
  private SqlService service;
  private FlightClient client;
  private FlightSqlClient sql;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("people.csv"), "id,name,score\n1,ada,3.5\n2,grace,4.0\n3,edsger,2.25\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub").resolve("cities.csv"), "city,km\nOslo,12.5\nLima,3.0\n");
    Files.writeString(dir.resolve("sub").resolve("empty.csv"), "a,b\n");
    allocator = new RootAllocator();
    writeShapes(dir.resolve("shapes.arrow"));
    engine = new SqlEngine();
    DirectoryService files = new DirectoryService(dir, allocator);
    SqlTables tables = new SqlTables(engine, files.paths(), allocator);
    assertEquals(List.of(), tables.loadAll());
    service = new SqlService(engine, tables, files, allocator);
    server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), service).build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
    sql = new FlightSqlClient(client);
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    // every call's engine connection is closed (a query's when its stream ends, which the server
    // may see just after the client)
    awaitNoOpenConnections();
    server.close();
    engine.close();
    allocator.close();
  }

  private void awaitNoOpenConnections() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (service.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, service.openConnections(), "engine connections still open");
  }

  /** An Arrow file whose one column, color, is dictionary-encoded: blue, red, blue. */
  private void writeShapes(Path file) throws Exception {
    try (VarCharVector colors = new VarCharVector("colors", allocator);
        IntVector color = new IntVector("color", new FieldType(true, new ArrowType.Int(32, true),
            new DictionaryEncoding(1L, false, new ArrowType.Int(32, true))), allocator)) {
      colors.setSafe(0, "red".getBytes(StandardCharsets.UTF_8));
      colors.setSafe(1, "blue".getBytes(StandardCharsets.UTF_8));
      colors.setValueCount(2);
      Dictionary dictionary = new Dictionary(colors, color.getField().getDictionary());
      color.setSafe(0, 1);
      color.setSafe(1, 0);
      color.setSafe(2, 1);
      color.setValueCount(3);
      VectorSchemaRoot root = new VectorSchemaRoot(List.of(color.getField()), List.of(color), 3);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          ArrowFileWriter w = new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(dictionary), ch)) {
        w.start();
        w.writeBatch();
        w.end();
      }
    }
  }

  /** Whatever SQL a client sends, it reaches no file (read or write), database or extension. */
  @Test
  void noFileOrDatabaseOrExtensionIsReachable() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "do not read");
    Path written = dir.resolve("written.csv");
    List<String> refused = List.of(
        "SELECT * FROM read_text('" + secret + "')",
        "SELECT * FROM read_csv('" + dir.resolve("people.csv") + "')",
        "COPY (SELECT 1) TO '" + written + "'",
        "ATTACH '" + dir.resolve("other.db") + "' AS other",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false");
    for (String statement : refused) {
      dev.flightwire.FlightError e = assertThrows(dev.flightwire.FlightError.class, () -> rows(sql.execute(statement)), statement);
      assertTrue(e.getMessage().contains("Error"), statement + ": " + e.getMessage());
    }
    assertFalse(Files.exists(written));
    assertFalse(Files.exists(dir.resolve("other.db")));
    // the served tables still answer
    assertEquals(List.of(List.of("3")), rows(sql.execute("SELECT count(*) FROM people")));
  }

  /** Preparing or asking the schema of a statement never runs it, also one that changes data and returns rows. */
  @Test
  void describingAStatementThatReturnsRowsDoesNotRunIt() {
    assertEquals(0, sql.executeUpdate("CREATE TABLE t (x INTEGER)"));
    assertEquals(2, sql.executeUpdate("INSERT INTO t VALUES (1), (2)"));
    try (PreparedStatement ps = sql.prepare("DELETE FROM t RETURNING x")) {
      assertEquals(List.of("x"), ps.resultSetSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(List.of(List.of("2")), rows(sql.execute("SELECT count(*) FROM t")));
    }
    try (PreparedStatement ps = sql.prepare("INSERT INTO t VALUES (?) RETURNING x")) {
      assertEquals(1, ps.parameterSchema().getFields().size());
    }
    sql.getExecuteSchema("UPDATE t SET x = x + 10 RETURNING x");
    assertEquals(List.of(List.of("1"), List.of("2")), rows(sql.execute("SELECT x FROM t ORDER BY x")));
  }

  /** Every row of a result, each value as text (null stays null). */
  private List<List<String>> rows(FlightInfo info) {
    List<List<String>> out = new ArrayList<>();
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        VectorSchemaRoot root = r.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<String> row = new ArrayList<>();
          for (var v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o == null ? null : o.toString());
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Test
  void queriesTheDirectorysFilesAsTables() {
    FlightInfo info = sql.execute("SELECT id, name FROM people WHERE score > 3 ORDER BY id");
    assertEquals(List.of("id", "name"), info.schema().getFields().stream().map(Field::getName).toList());
    assertEquals(List.of(List.of("1", "ada"), List.of("2", "grace")), rows(info));
    assertEquals(List.of(List.of("Oslo")), rows(sql.execute("SELECT city FROM sub.cities WHERE km > 10")));
    assertEquals(info.schema(), sql.getExecuteSchema("SELECT id, name FROM people").schema());
    assertEquals(List.of(), rows(sql.execute("SELECT * FROM sub.empty")));
    // statements that return rows but are no SELECT: run once for their schema, then again
    assertTrue(rows(sql.execute("SHOW TABLES")).contains(List.of("people")));
    assertEquals(List.of("id", "BIGINT"), rows(sql.execute("DESCRIBE people")).get(0).subList(0, 2));
  }

  @Test
  void concurrentQueriesEachRunOnTheirOwnConnection() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<List<String>>>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long n = 100_000 + i;
        results.add(pool.submit(() -> rows(sql.execute("SELECT count(*) FROM range(" + n + ")"))));
      }
      for (int i = 0; i < 8; i++) {
        assertEquals(List.of(List.of(Long.toString(100_000 + i))), results.get(i).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void dictionaryEncodedColumnsAreDecoded() {
    FlightInfo info = sql.execute("SELECT color FROM shapes");
    assertEquals(ArrowType.Utf8.INSTANCE, info.schema().getFields().get(0).getType());
    assertEquals(List.of(List.of("blue"), List.of("red"), List.of("blue")), rows(info));
  }

  @Test
  void enumResultsArriveDecoded() {
    String query = "SELECT CAST(s AS ENUM('a', 'b')) AS e FROM (VALUES ('b'), ('a'), ('b')) v(s)";
    FlightInfo info = sql.execute(query);
    assertEquals(ArrowType.Utf8.INSTANCE, info.schema().getFields().get(0).getType());
    assertEquals(null, info.schema().getFields().get(0).getDictionary());
    assertEquals(List.of(List.of("b"), List.of("a"), List.of("b")), rows(info));
    try (PreparedStatement ps = sql.prepare(query)) {
      assertEquals(info.schema(), ps.resultSetSchema());
      assertEquals(List.of(List.of("b"), List.of("a"), List.of("b")), rows(ps.execute()));
    }
  }

  @Test
  void dateAndTimestampParameters() {
    sql.executeUpdate("CREATE TABLE ev (d DATE, ts TIMESTAMP)");
    try (PreparedStatement ps = sql.prepare("INSERT INTO ev VALUES (?, ?)");
        VectorSchemaRoot parameters = VectorSchemaRoot.create(ps.parameterSchema(), allocator)) {
      assertEquals(List.of(new ArrowType.Date(DateUnit.DAY), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
          ps.parameterSchema().getFields().stream().map(Field::getType).toList());
      ((DateDayVector) parameters.getVector(0)).setSafe(0, 19_000);
      ((TimeStampMicroVector) parameters.getVector(1)).setSafe(0, 1_700_000_000_123_456L);
      parameters.setRowCount(1);
      ps.setParameters(parameters);
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(List.of(List.of("2022-01-08", "2023-11-14 22:13:20.123456")),
        rows(sql.execute("SELECT CAST(d AS VARCHAR), CAST(ts AS VARCHAR) FROM ev")));
  }

  @Test
  void timeParametersBindAsTimesOfDay() {
    sql.executeUpdate("CREATE TABLE tm (t TIME)");
    try (PreparedStatement ps = sql.prepare("INSERT INTO tm VALUES (?)")) {
      assertEquals(List.of(new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
          ps.parameterSchema().getFields().stream().map(Field::getType).toList());
      long micros = ((12 * 60 + 34) * 60 + 56) * 1_000_000L + 789_012;
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(ps.parameterSchema(), allocator)) {
        ((TimeMicroVector) parameters.getVector(0)).setSafe(0, micros);
        parameters.setRowCount(1);
        ps.setParameters(parameters);
        assertEquals(1, ps.executeUpdate());
      }
      Schema nanos = new Schema(List.of(Field.nullable("p1", new ArrowType.Time(TimeUnit.NANOSECOND, 64))));
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(nanos, allocator)) {
        ((TimeNanoVector) parameters.getVector(0)).setSafe(0, micros * 1000 + 345);
        parameters.setRowCount(1);
        ps.setParameters(parameters);
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(List.of(List.of("12:34:56.789012"), List.of("12:34:56.789012")),
        rows(sql.execute("SELECT CAST(t AS VARCHAR) FROM tm")));
  }

  @Test
  void aPreparedUpdateOverManyRowsIsAllOrNothing() {
    sql.executeUpdate("CREATE TABLE once (x INTEGER PRIMARY KEY)");
    try (PreparedStatement ps = sql.prepare("INSERT INTO once VALUES (?)");
        VectorSchemaRoot parameters = VectorSchemaRoot.create(ps.parameterSchema(), allocator)) {
      int[] values = {1, 2, 1};
      for (int i = 0; i < values.length; i++) {
        ((IntVector) parameters.getVector(0)).setSafe(i, values[i]);
      }
      parameters.setRowCount(values.length);
      ps.setParameters(parameters);
      assertThrows(dev.flightwire.FlightError.class, ps::executeUpdate);
    }
    // the third row's duplicate key undid the first two
    assertEquals(List.of(List.of("0")), rows(sql.execute("SELECT count(*) FROM once")));
  }

  @Test
  void aStatementWithoutCountCountsZeroAndACraftedTicketIsInvalid() {
    assertEquals(List.of(List.of("0")), rows(sql.execute("CREATE TABLE counted (x INTEGER)")));
    dev.flightwire.Ticket crafted = new dev.flightwire.Ticket(
        new dev.flightwire.sql.TicketStatementQuery("Nnot a number".getBytes(StandardCharsets.UTF_8)).toBytes());
    assertThrows(FlightInvalidArgumentError.class, () -> {
      try (FlightStreamReader r = sql.getStream(crafted)) {
        r.next();
      }
    });
  }

  @Test
  void aMillionRowsStreamInBatches() {
    FlightInfo info = sql.execute("SELECT i, i * 2 AS twice FROM range(1000000) t(i)");
    long rows = 0;
    long sum = 0;
    int batches = 0;
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        batches++;
        BigIntVector twice = (BigIntVector) r.root().getVector("twice");
        for (int i = 0; i < r.root().getRowCount(); i++) {
          sum += twice.get(i);
        }
        rows += r.root().getRowCount();
        assertTrue(r.root().getRowCount() <= SqlEngine.BATCH_ROWS);
      }
    }
    assertEquals(1_000_000, rows);
    assertEquals(999_999L * 1_000_000L, sum);
    assertTrue(batches >= 1_000_000 / SqlEngine.BATCH_ROWS, "batches: " + batches);
  }

  @Test
  void aResultAbandonedAfterOneBatchIsReleased() {
    FlightInfo info = sql.execute("SELECT i FROM range(1000000) t(i)");
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      assertTrue(r.next());
      assertEquals(0L, ((BigIntVector) r.root().getVector(0)).get(0));
    }
    // the server's stream, connection and allocator close with the call: tearDown fails on an
    // engine connection left open, and its allocator close on a buffer left behind; the engine
    // still answers
    assertEquals(List.of(List.of("1")), rows(sql.execute("SELECT 1")));
  }

  @Test
  void aQueryWhoseClientGivesUpStopsOnTheServer() throws Exception {
    // days of work: a trillion rows joined and summed
    String slow = "SELECT sum(a.i * b.i) FROM range(1000000) a(i), range(1000000) b(i)";
    FlightInfo info = sql.execute(slow);
    long start = System.nanoTime();
    assertThrows(dev.flightwire.FlightError.class, () -> {
      try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket(),
          dev.flightwire.FlightCallOptions.timeout(java.time.Duration.ofMillis(500)))) {
        r.next();
      }
    });
    // the server interrupts the engine: the call's connection closes within seconds
    awaitNoOpenConnections();
    assertTrue(System.nanoTime() - start < 10_000_000_000L);
    assertEquals(List.of(List.of("42")), rows(sql.execute("SELECT 42")));
  }

  @Test
  void aCancelledUpdateStopsOnTheServer() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<Long> update = pool.submit(() -> sql.executeUpdate(
          "CREATE TABLE huge AS SELECT sum(a.i * b.i) AS s FROM range(1000000) a(i), range(1000000) b(i)",
          dev.flightwire.FlightCallOptions.timeout(java.time.Duration.ofMillis(500))));
      assertThrows(java.util.concurrent.ExecutionException.class, update::get);
      awaitNoOpenConnections();
    } finally {
      pool.shutdown();
    }
    assertEquals(List.of(), rows(sql.getTables(null, null, "huge", List.of(), false)));
  }

  @Test
  void metadataDescribesTheTables() {
    assertEquals(List.of(List.of("memory")), rows(sql.getCatalogs()));
    assertEquals(List.of(List.of("memory", "sub")), rows(sql.getDbSchemas(null, "s%")));
    FlightInfo tables = sql.getTables(null, null, "%", List.of("TABLE"), true);
    assertEquals(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, tables.schema());
    List<List<String>> found = new ArrayList<>();
    try (FlightStreamReader r = sql.getStream(tables.endpoints().get(0).ticket())) {
      while (r.next()) {
        for (int i = 0; i < r.root().getRowCount(); i++) {
          List<String> row = new ArrayList<>();
          for (int c = 0; c < 4; c++) {
            row.add(r.root().getVector(c).getObject(i).toString());
          }
          Schema schema = Schema.deserializeMessage(ByteBuffer.wrap((byte[]) r.root().getVector(4).getObject(i)));
          row.add(schema.getFields().stream().map(Field::getName).toList().toString());
          found.add(row);
        }
      }
    }
    assertEquals(List.of(List.of("memory", "main", "people", "TABLE", "[id, name, score]"),
        List.of("memory", "main", "shapes", "TABLE", "[color]"),
        List.of("memory", "sub", "cities", "TABLE", "[city, km]"),
        List.of("memory", "sub", "empty", "TABLE", "[a, b]")), found);
    assertEquals(List.of(), rows(sql.getTables(null, null, "%", List.of("VIEW"), false)));
    // only the types GetTables can show (temporary tables are per connection, never listed)
    assertEquals(List.of(List.of("TABLE"), List.of("VIEW")), rows(sql.getTableTypes()));

    sql.executeUpdate("CREATE TABLE keyed (a INTEGER, b VARCHAR, PRIMARY KEY (b, a))");
    assertEquals(List.of(List.of("memory", "main", "keyed", "b", "1", "keyed_b_a_pkey"),
        List.of("memory", "main", "keyed", "a", "2", "keyed_b_a_pkey")).size(),
        rows(sql.getPrimaryKeys(TableRef.of("keyed"))).size());
    List<List<String>> keys = rows(sql.getPrimaryKeys(TableRef.of("keyed")));
    assertEquals(List.of("b", "1"), keys.get(0).subList(3, 5));
    assertEquals(List.of("a", "2"), keys.get(1).subList(3, 5));
    assertEquals(List.of(), rows(sql.getExportedKeys(TableRef.of("keyed"))));
  }

  @Test
  void tablesAreOrderedByCatalogSchemaAndNameWhateverTheirType() {
    sql.executeUpdate("CREATE VIEW main.a_view AS SELECT 1 AS x");
    List<String> names = new ArrayList<>();
    for (List<String> row : rows(sql.getTables(null, null, "%", List.of(), false))) {
      names.add(row.get(1) + "." + row.get(2) + " " + row.get(3));
    }
    assertEquals(List.of("main.a_view VIEW", "main.people TABLE", "main.shapes TABLE", "sub.cities TABLE",
        "sub.empty TABLE"), names);
  }

  @Test
  void namePatternsTakeTheBackslashEscapeOfJdbcSearchStrings() {
    sql.executeUpdate("CREATE TABLE my_tab (x INTEGER)");
    sql.executeUpdate("CREATE TABLE myxtab (x INTEGER)");
    sql.executeUpdate("CREATE SCHEMA s_1");
    sql.executeUpdate("CREATE SCHEMA sx1");
    // an escaped underscore is itself; a bare one any character
    assertEquals(List.of(List.of("memory", "main", "my_tab", "TABLE")),
        rows(sql.getTables(null, null, "my\\_tab", List.of(), false)));
    assertEquals(2, rows(sql.getTables(null, null, "my_tab", List.of(), false)).size());
    assertEquals(List.of(List.of("memory", "s_1")), rows(sql.getDbSchemas(null, "s\\_1")));
    assertEquals(List.of(List.of("memory", "main", "my_tab", "TABLE")),
        rows(sql.getTables(null, "main", "my\\_%", List.of(), false)));
  }

  @Test
  void serverInformationSaysWritableDuckDb() {
    FlightInfo info = sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY);
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      assertTrue(r.next());
      DenseUnionVector value = (DenseUnionVector) r.root().getVector("value");
      assertTrue(value.getObject(0).toString().startsWith("flightwire (DuckDB v"), value.getObject(0).toString());
      assertEquals(false, value.getObject(1));
    }
  }

  @Test
  void preparedQueryRunsOncePerParameterRow() {
    try (PreparedStatement ps = sql.prepare("SELECT name FROM people WHERE id = ? ORDER BY id")) {
      assertEquals(List.of("name"), ps.resultSetSchema().getFields().stream().map(Field::getName).toList());
      assertEquals(1, ps.parameterSchema().getFields().size());
      assertEquals(new ArrowType.Int(64, true), ps.parameterSchema().getFields().get(0).getType());
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(ps.parameterSchema(), allocator)) {
        BigIntVector id = (BigIntVector) parameters.getVector(0);
        id.setSafe(0, 3);
        id.setSafe(1, 1);
        parameters.setRowCount(2);
        ps.setParameters(parameters);
        assertEquals(List.of(List.of("edsger"), List.of("ada")), rows(ps.execute()));
      }
    }
  }

  @Test
  void oneCallBindsAtMostTheMostParameterRows() {
    sql.executeUpdate("CREATE TABLE many (x INTEGER)");
    try (PreparedStatement insert = sql.prepare("INSERT INTO many VALUES (?)");
        PreparedStatement query = sql.prepare("SELECT x FROM many WHERE x = ?");
        VectorSchemaRoot parameters = VectorSchemaRoot.create(insert.parameterSchema(), allocator)) {
      int n = SqlStatements.MAX_PARAMETER_ROWS + 1;
      IntVector x = (IntVector) parameters.getVector(0);
      x.allocateNew(n);
      for (int i = 0; i < n; i++) {
        x.set(i, i);
      }
      parameters.setRowCount(n);
      insert.setParameters(parameters);
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, insert::executeUpdate);
      assertTrue(e.getMessage().contains("at most " + SqlStatements.MAX_PARAMETER_ROWS + " rows"), e.getMessage());
      FlightInvalidArgumentError bound = assertThrows(FlightInvalidArgumentError.class, () -> {
        query.setParameters(parameters);
        rows(query.execute());
      });
      assertTrue(bound.getMessage().contains("at most " + SqlStatements.MAX_PARAMETER_ROWS + " rows"),
          bound.getMessage());
    }
    assertEquals(List.of(List.of("0")), rows(sql.execute("SELECT count(*) FROM many")));
  }

  @Test
  void boundParametersAreBoundedInBytesPerCallAndOnTheServer() {
    try (PreparedStatement a = sql.prepare("SELECT length(?)");
        PreparedStatement b = sql.prepare("SELECT length(?)");
        VectorSchemaRoot parameters = VectorSchemaRoot.create(a.parameterSchema(), allocator)) {
      VarCharVector v = (VarCharVector) parameters.getVector(0);
      byte[] mib = new byte[1 << 20];
      int n = (int) (SqlStatements.MAX_PARAMETER_BYTES >> 20) + 1;
      for (int i = 0; i < n; i++) {
        v.setSafe(i, mib);
      }
      parameters.setRowCount(n);
      a.setParameters(parameters);
      FlightInvalidArgumentError big = assertThrows(FlightInvalidArgumentError.class, () -> rows(a.execute()));
      assertTrue(big.getMessage().contains("MiB of parameters in one call"), big.getMessage());
      long saved = SqlStatements.maxBoundBytes;
      SqlStatements.maxBoundBytes = 7L << 19; // 3.5 MiB
      try {
        parameters.setRowCount(2);
        a.setParameters(parameters);
        assertEquals(List.of(List.of("1048576"), List.of("1048576")), rows(a.execute()));
        // a holds 2 MiB: b may bind 1 MiB more, not 2
        dev.flightwire.FlightUnavailableError full = assertThrows(dev.flightwire.FlightUnavailableError.class,
            () -> {
              b.setParameters(parameters);
              rows(b.execute());
            });
        assertTrue(full.getMessage().contains("close prepared statements"), full.getMessage());
        parameters.setRowCount(1);
        b.setParameters(parameters);
        assertEquals(List.of(List.of("1048576")), rows(b.execute()));
      } finally {
        SqlStatements.maxBoundBytes = saved;
      }
    }
  }

  @Test
  void preparedStatementsUnusedForLongAreForgotten() throws Exception {
    long saved = SqlStatements.idleNanos;
    SqlStatements.idleNanos = 200_000_000L;
    try (PreparedStatement idle = sql.prepare("SELECT 1")) {
      Thread.sleep(400);
      try (PreparedStatement fresh = sql.prepare("SELECT 2")) {
        assertEquals(List.of(List.of("2")), rows(fresh.execute()));
      }
      dev.flightwire.FlightNotFoundError gone = assertThrows(dev.flightwire.FlightNotFoundError.class,
          () -> rows(idle.execute()));
      assertTrue(gone.getMessage().contains("unused for"), gone.getMessage());
    } finally {
      SqlStatements.idleNanos = saved;
    }
  }

  @Test
  void unsignedParametersKeepTheirValue() {
    try (PreparedStatement ps = sql.prepare("SELECT CAST(CAST(? AS UBIGINT) AS VARCHAR) AS u")) {
      Schema schema = new Schema(List.of(Field.nullable("p", new ArrowType.Int(64, false))));
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(schema, allocator)) {
        ((org.apache.arrow.vector.UInt8Vector) parameters.getVector(0)).setSafe(0, -1L); // 2^64 - 1
        parameters.setRowCount(1);
        ps.setParameters(parameters);
        assertEquals(List.of(List.of("18446744073709551615")), rows(ps.execute()));
      }
    }
  }

  @Test
  void theServerKeepsAtMostTheMostPreparedStatements() {
    List<PreparedStatement> open = new ArrayList<>();
    try {
      for (int i = 0; i < SqlStatements.MAX_PREPARED; i++) {
        open.add(sql.prepare("SELECT 1"));
      }
      // RESOURCE_EXHAUSTED on the server; Flight's codes (and so the wire) have it as UNAVAILABLE
      dev.flightwire.FlightUnavailableError full = assertThrows(dev.flightwire.FlightUnavailableError.class,
          () -> sql.prepare("SELECT 2"));
      assertTrue(full.getMessage().contains("close prepared statements"), full.getMessage());
      open.remove(0).close();
      open.add(sql.prepare("SELECT 2"));
    } finally {
      for (PreparedStatement ps : open) {
        ps.close();
      }
    }
  }

  @Test
  void updatesStatementsAndPreparedOnes() {
    assertEquals(0, sql.executeUpdate("CREATE TABLE t (x INTEGER, s VARCHAR)"));
    assertEquals(2, sql.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')"));
    Schema parameterSchema;
    try (PreparedStatement ps = sql.prepare("INSERT INTO t VALUES (?, ?)")) {
      assertTrue(ps.resultSetSchema().getFields().isEmpty());
      parameterSchema = ps.parameterSchema();
      assertEquals(List.of(new ArrowType.Int(32, true), ArrowType.Utf8.INSTANCE),
          parameterSchema.getFields().stream().map(Field::getType).toList());
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(parameterSchema, allocator)) {
        for (int i = 0; i < 3; i++) {
          ((IntVector) parameters.getVector(0)).setSafe(i, 10 + i);
          ((VarCharVector) parameters.getVector(1)).setSafe(i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        parameters.setRowCount(3);
        ps.setParameters(parameters);
        assertEquals(3, ps.executeUpdate());
      }
    }
    try (PreparedStatement ps = sql.prepare("DELETE FROM t WHERE x < 11")) {
      assertEquals(3, ps.executeUpdate());
    }
    assertEquals(List.of(List.of("11", "v1"), List.of("12", "v2")), rows(sql.execute("SELECT * FROM t ORDER BY x")));
    // an update sent as a query runs at GetFlightInfo; its result is the count
    FlightInfo insert = sql.execute("INSERT INTO t VALUES (13, 'v3'), (14, 'v4')");
    assertEquals(List.of("Count"), insert.schema().getFields().stream().map(Field::getName).toList());
    assertEquals(List.of(List.of("2")), rows(insert));
    assertEquals(List.of(List.of("4")), rows(sql.execute("SELECT count(*) FROM t")));
  }

  @Test
  void engineErrorsKeepTheirMessage() {
    FlightInvalidArgumentError bad = assertThrows(FlightInvalidArgumentError.class, () -> sql.execute("SELEC 1"));
    assertTrue(bad.getMessage().contains("Parser Error"), bad.getMessage());
    FlightNotFoundError missing = assertThrows(FlightNotFoundError.class, () -> sql.execute("SELECT * FROM nosuch"));
    assertTrue(missing.getMessage().contains("nosuch"), missing.getMessage());
    assertThrows(FlightInvalidArgumentError.class, () -> sql.prepare("SELECT FROM WHERE"));
    FlightInfo failsLate = sql.execute("SELECT CAST(s AS INTEGER) FROM (VALUES ('1'), ('x')) v(s)");
    FlightInvalidArgumentError late = assertThrows(FlightInvalidArgumentError.class, () -> rows(failsLate));
    assertTrue(late.getMessage().contains("Conversion Error"), late.getMessage());
    FlightInfo failsLater = sql.execute(
        "SELECT CAST(CASE WHEN i = 900000 THEN 'x' ELSE i::VARCHAR END AS INTEGER) FROM range(1000000) t(i)");
    FlightInvalidArgumentError later = assertThrows(FlightInvalidArgumentError.class, () -> rows(failsLater));
    assertTrue(later.getMessage().startsWith("Conversion Error: Could not convert string 'x'"), later.getMessage());
  }

  @Test
  void ingestionCreatesAndAppends() {
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    StatementIngest create = new StatementIngest(new TableDefinitionOptions(
        TableDefinitionOptions.TableNotExistOption.CREATE, TableDefinitionOptions.TableExistsOption.APPEND),
        "numbers", null, null, false, null, Map.of());
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      for (int i = 0; i < 5; i++) {
        ((IntVector) root.getVector(0)).setSafe(i, i);
      }
      root.setRowCount(5);
      assertEquals(5, sql.executeIngest(root, create));
      assertEquals(5, sql.executeIngest(root, create));
    }
    assertEquals(List.of(List.of("10", "20")), rows(sql.execute("SELECT count(*), sum(n) FROM numbers")));
  }

  @Test
  void temporaryIngestionIsRefusedNamingTheOption() {
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    StatementIngest temporary = new StatementIngest(new TableDefinitionOptions(
        TableDefinitionOptions.TableNotExistOption.CREATE, TableDefinitionOptions.TableExistsOption.APPEND),
        "scratch", null, null, true, null, Map.of());
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      ((IntVector) root.getVector(0)).setSafe(0, 1);
      root.setRowCount(1);
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
          () -> sql.executeIngest(root, temporary));
      assertTrue(e.getMessage().contains("temporary=true"), e.getMessage());
    }
    assertEquals(List.of(), rows(sql.getTables(null, null, "scratch", List.of(), false)));
  }

  @Test
  void statementsInATransactionAreRefused() {
    Transaction t = new Transaction(new byte[] {7});
    List<org.junit.jupiter.api.function.Executable> calls = List.of(
        () -> sql.execute("CREATE TABLE tx1 (x INTEGER)", t),
        () -> sql.getExecuteSchema("SELECT 1", t),
        () -> sql.executeUpdate("CREATE TABLE tx2 (x INTEGER)", t),
        () -> sql.prepare("SELECT 1", t).close());
    for (org.junit.jupiter.api.function.Executable call : calls) {
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, call);
      assertTrue(e.getMessage().contains("transaction_id"), e.getMessage());
    }
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    StatementIngest inTransaction = new StatementIngest(new TableDefinitionOptions(
        TableDefinitionOptions.TableNotExistOption.CREATE, TableDefinitionOptions.TableExistsOption.APPEND),
        "tx3", null, null, false, new byte[] {7}, Map.of());
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.setRowCount(0);
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
          () -> sql.executeIngest(root, inTransaction));
      assertTrue(e.getMessage().contains("transaction_id"), e.getMessage());
    }
    // none of them ran
    assertEquals(List.of(), rows(sql.getTables(null, null, "tx%", List.of(), false)));
  }

  private List<String> tableNames() {
    List<String> names = new ArrayList<>();
    for (List<String> row : rows(sql.getTables(null, null, "%", List.of(), false))) {
      names.add(row.get(1) + "." + row.get(2));
    }
    return names;
  }

  @Test
  void deletingAFlightByItsFileNameDropsItsTable() {
    assertTrue(tableNames().contains("main.people"));
    client.doAction(dev.flightwire.Action.of("delete", "people.csv")).toList();
    assertFalse(Files.exists(dir.resolve("people.csv")));
    assertEquals(List.of("main.shapes", "sub.cities", "sub.empty"), tableNames());
    client.doAction(dev.flightwire.Action.of("delete", "sub/cities")).toList();
    assertEquals(List.of("main.shapes", "sub.empty"), tableNames());
  }

  @Test
  void aCommitLoadsTheCommittedFlightOnly() throws Exception {
    sql.executeUpdate("INSERT INTO sub.cities VALUES ('Rome', 1.0)");
    // a flight that vanished behind the server's back
    Files.delete(dir.resolve("sub").resolve("empty.csv"));
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      ((IntVector) root.getVector(0)).setSafe(0, 42);
      root.setRowCount(1);
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("_staging", "job-1", "part"), schema)) {
        put.writer().writeBatch(root);
        put.writer().doneWriting();
        put.reader().read();
        put.complete();
      }
    }
    client.doAction(dev.flightwire.Action.of("write-commit",
        "{\"path\": [\"sales\"], \"job\": \"job-1\", \"mode\": \"create\"}")).toList();
    assertEquals(List.of(List.of("42")), rows(sql.execute("SELECT n FROM sales")));
    // the SQL change to another table is kept; the vanished flight's table is gone
    assertEquals(List.of(List.of("3")), rows(sql.execute("SELECT count(*) FROM sub.cities")));
    assertEquals(List.of("main.people", "main.sales", "main.shapes", "sub.cities"), tableNames());
  }

  @Test
  void aVanishedFlightsTableNameTakenByAnotherFlightIsKept() throws Exception {
    // people.csv goes behind the server's back; an upload of "people" now owns main.people
    Files.delete(dir.resolve("people.csv"));
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      ((IntVector) root.getVector(0)).setSafe(0, 7);
      root.setRowCount(1);
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("people"), schema)) {
        put.writer().writeBatch(root);
        put.writer().doneWriting();
        put.reader().read();
        put.complete();
      }
    }
    // a delete looks for vanished flights: people.csv's record goes, the uploaded table stays
    client.doAction(dev.flightwire.Action.of("delete", "sub/cities")).toList();
    assertEquals(List.of(List.of("7")), rows(sql.execute("SELECT n FROM people")));
  }

  @Test
  void anUploadBecomesATable() {
    Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      ((IntVector) root.getVector(0)).setSafe(0, 42);
      root.setRowCount(1);
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("uploaded"), schema)) {
        put.writer().writeBatch(root);
        put.writer().doneWriting();
        assertTrue(new String(put.reader().read(), StandardCharsets.UTF_8).startsWith("stored uploaded.arrows"));
        put.complete();
      }
    }
    assertEquals(List.of(List.of("42")), rows(sql.execute("SELECT n FROM uploaded")));
    assertFalse(rows(sql.getTables(null, null, "uploaded", List.of(), false)).isEmpty());
  }
}
