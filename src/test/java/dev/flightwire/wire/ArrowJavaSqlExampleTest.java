package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.SchemaResult;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.FlightSqlSchemas;
import dev.flightwire.sql.PreparedStatement;
import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.TableDefinitionOptions;
import dev.flightwire.sql.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our {@link FlightSqlClient} against Arrow Java's own Flight SQL example server
 * ({@code FlightSqlExample} from flight-sql 18.3.0's tests jar on Maven Central, on an embedded
 * Derby database) in its own process ({@code wire-tests/java-peer/run.sh sql-example}).
 * The database starts with intTable ('one', 1), ('zero', 0), ('negative one', -1) (ids 1 to 3,
 * foreignId 1) and foreignTable; the tests run in order because the updates change it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArrowJavaSqlExampleTest {
  private static PeerProcess server;
  private static BufferAllocator allocator;
  private static FlightClient client;
  private static FlightSqlClient sql;

  @BeforeAll
  static void start() throws Exception {
    server = PeerProcess.startServer(List.of("bash", WireEnv.javaPeerRun().toString(), "sql-example", "server",
        "--port", "0"));
    allocator = new RootAllocator();
    client = FlightClient.connect(Location.forGrpcTcp("localhost", server.port()),
        FlightClientOptions.builder().allocator(allocator).build());
    sql = new FlightSqlClient(client);
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (allocator != null) {
      allocator.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Every row of the result of {@code info}'s first endpoint, as lists of objects by column. */
  private static List<List<Object>> rows(FlightInfo info) {
    List<List<Object>> rows = new ArrayList<>();
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      while (reader.next()) {
        VectorSchemaRoot root = reader.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static List<String> names(List<Field> fields) {
    return fields.stream().map(Field::getName).toList();
  }

  @Test
  @Order(1)
  void serverInformationNamesDerby() {
    FlightInfo info = sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY);
    assertEquals(FlightSqlSchemas.GET_SQL_INFO, info.schema());
    Map<Integer, Object> values = new TreeMap<>();
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      assertEquals(FlightSqlSchemas.GET_SQL_INFO, reader.schema());
      while (reader.next()) {
        UInt4Vector ids = (UInt4Vector) reader.root().getVector(0);
        DenseUnionVector value = (DenseUnionVector) reader.root().getVector(1);
        for (int i = 0; i < reader.root().getRowCount(); i++) {
          Object o = value.getObject(i);
          values.put(ids.get(i), o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
        }
      }
    }
    assertEquals(Map.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, "Apache Derby", SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false),
        values);
  }

  @Test
  @Order(2)
  void allServerInformationAndTypeInfoDecode() {
    // all the information the example gives (strings, booleans and int32 members of the union),
    // read from Arrow Java's own writer
    Map<Integer, Object> values = new TreeMap<>();
    FlightInfo info = sql.getSqlInfo();
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      while (reader.next()) {
        UInt4Vector ids = (UInt4Vector) reader.root().getVector(0);
        DenseUnionVector value = (DenseUnionVector) reader.root().getVector(1);
        for (int i = 0; i < reader.root().getRowCount(); i++) {
          Object o = value.getObject(i);
          values.put(ids.get(i), o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
        }
      }
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 8, 10, 11, 500, 501, 502, 503, 504, 505, 506, 507, 548),
        List.copyOf(values.keySet()), values.toString());
    assertEquals("Apache Derby", values.get(SqlInfo.FLIGHT_SQL_SERVER_NAME));
    assertEquals(true, values.get(SqlInfo.FLIGHT_SQL_SERVER_SQL));
    assertEquals(false, values.get(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT));
    assertEquals(0, values.get(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION));
    assertEquals(true, values.get(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION));
    assertEquals("\"", values.get(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR));

    List<List<Object>> types = rows(sql.getXdbcTypeInfo());
    assertTrue(types.stream().anyMatch(r -> r.get(0).equals("INTEGER")), types.toString());
  }

  @Test
  @Order(3)
  void metadataListsTheTablesTheirSchemasAndKeys() {
    List<List<Object>> schemas = rows(sql.getDbSchemas(null, "APP"));
    assertEquals(List.of(List.of("APP")), schemas.stream().map(r -> r.subList(1, 2)).toList(), schemas.toString());

    FlightInfo tablesInfo = sql.getTables(null, "APP", "%", List.of("TABLE"), true);
    assertEquals(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, tablesInfo.schema());
    List<String> tables = new ArrayList<>();
    try (FlightStreamReader reader = sql.getStream(tablesInfo.endpoints().get(0).ticket())) {
      assertEquals(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, reader.schema());
      while (reader.next()) {
        VectorSchemaRoot root = reader.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          String name = root.getVector("table_name").getObject(i).toString();
          tables.add(name);
          byte[] ipc = (byte[]) root.getVector("table_schema").getObject(i);
          List<String> columns = names(SchemaResult.fromBytes(ipc).schema().getFields());
          if (name.equals("INTTABLE")) {
            assertEquals(List.of("ID", "KEYNAME", "VALUE", "FOREIGNID"), columns);
          } else {
            assertEquals(List.of("ID", "FOREIGNNAME", "VALUE"), columns);
          }
          assertEquals("TABLE", root.getVector("table_type").getObject(i).toString());
        }
      }
    }
    assertEquals(List.of("FOREIGNTABLE", "INTTABLE"), tables.stream().sorted().toList());

    List<List<Object>> pk = rows(sql.getPrimaryKeys(new TableRef(null, "APP", "INTTABLE")));
    assertEquals(1, pk.size(), pk.toString());
    // catalog_name, db_schema_name, table_name, column_name, key_sequence, key_name
    assertEquals(List.of("APP", "INTTABLE", "ID", 1), pk.get(0).subList(1, 5), pk.toString());

    List<List<Object>> imported = rows(sql.getImportedKeys(new TableRef(null, "APP", "INTTABLE")));
    assertEquals(1, imported.size(), imported.toString());
    // pk_catalog_name, pk_db_schema_name, pk_table_name, pk_column_name, fk_catalog_name,
    // fk_db_schema_name, fk_table_name, fk_column_name, ...
    assertEquals(List.of("APP", "FOREIGNTABLE", "ID"), imported.get(0).subList(1, 4), imported.toString());
    assertEquals(List.of("APP", "INTTABLE", "FOREIGNID"), imported.get(0).subList(5, 8), imported.toString());
    assertEquals(imported, rows(sql.getExportedKeys(new TableRef(null, "APP", "FOREIGNTABLE"))));
    assertEquals(imported, rows(sql.getCrossReference(new TableRef(null, "APP", "FOREIGNTABLE"),
        new TableRef(null, "APP", "INTTABLE"))));

    List<List<Object>> types = rows(sql.getTableTypes());
    assertTrue(types.contains(List.of("TABLE")), types.toString());
  }

  @Test
  @Order(4)
  void aQueryStreamsTheRows() {
    FlightInfo info = sql.execute("SELECT keyName, value FROM intTable ORDER BY id");
    assertEquals(List.of("KEYNAME", "VALUE"), names(info.schema().getFields()));
    assertEquals(List.of(List.of("one", 1), List.of("zero", 0), List.of("negative one", -1)), rows(info));
    // the example does not implement GetSchema of a statement
    assertThrows(dev.flightwire.FlightUnimplementedError.class,
        () -> sql.getExecuteSchema("SELECT keyName, value FROM intTable"));
  }

  @Test
  @Order(5)
  void aPreparedQueryTakesItsParameter() {
    try (PreparedStatement s = sql.prepare("SELECT id, keyName FROM intTable WHERE value = ?")) {
      assertEquals(List.of("ID", "KEYNAME"), names(s.resultSetSchema().getFields()));
      assertEquals(1, s.parameterSchema().getFields().size(), s.parameterSchema().toString());
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(s.parameterSchema(), allocator)) {
        ((IntVector) parameters.getVector(0)).setSafe(0, -1);
        parameters.setRowCount(1);
        s.setParameters(parameters);
        assertEquals(List.of(List.of(3, "negative one")), rows(s.execute()));
      }
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(s.parameterSchema(), allocator)) {
        ((IntVector) parameters.getVector(0)).setSafe(0, 0);
        parameters.setRowCount(1);
        s.setParameters(parameters);
        assertEquals(List.of(List.of(2, "zero")), rows(s.execute()));
      }
    }
  }

  @Test
  @Order(6)
  void updatesCountTheirRows() {
    assertEquals(1, sql.executeUpdate("INSERT INTO intTable (keyName, value, foreignId) VALUES ('four', 4, 1)"));
    try (PreparedStatement s = sql.prepare("INSERT INTO intTable (keyName, value, foreignId) VALUES (?, ?, 1)")) {
      assertEquals(2, s.parameterSchema().getFields().size(), s.parameterSchema().toString());
      try (VectorSchemaRoot parameters = VectorSchemaRoot.create(s.parameterSchema(), allocator)) {
        VarCharVector keys = (VarCharVector) parameters.getVector(0);
        IntVector values = (IntVector) parameters.getVector(1);
        keys.setSafe(0, "five".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        values.setSafe(0, 5);
        keys.setSafe(1, "six".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        values.setSafe(1, 6);
        parameters.setRowCount(2);
        s.setParameters(parameters);
        assertEquals(2, s.executeUpdate());
      }
    }
    assertEquals(List.of(List.of("four", 4), List.of("five", 5), List.of("six", 6)),
        rows(sql.execute("SELECT keyName, value FROM intTable WHERE value > 1 ORDER BY value")));
    try (PreparedStatement s = sql.prepare("DELETE FROM intTable WHERE value > 1")) {
      assertEquals(3, s.executeUpdate());
    }
    assertEquals(List.of(List.of(3)), rows(sql.execute("SELECT COUNT(*) FROM intTable")));
  }

  @Test
  @Order(7)
  void bulkIngestOptionsReachTheExample() {
    // The example refuses a temporary table and an explicit transaction, each with its reason:
    // both flags of our CommandStatementIngest are read as sent. (An ingestion it accepts fails
    // INTERNAL inside the example's Derby import, for Arrow Java's own client as well, so no rows
    // are loaded here.)
    Schema schema = new Schema(List.of(Field.nullable("KEYNAME", new ArrowType.Utf8()),
        Field.nullable("VALUE", new ArrowType.Int(32, true))));
    TableDefinitionOptions append = new TableDefinitionOptions(TableDefinitionOptions.TableNotExistOption.FAIL,
        TableDefinitionOptions.TableExistsOption.APPEND);
    try (VectorSchemaRoot rows = VectorSchemaRoot.create(schema, allocator)) {
      ((VarCharVector) rows.getVector(0)).setSafe(0, "seven".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ((IntVector) rows.getVector(1)).setSafe(0, 7);
      rows.setRowCount(1);
      FlightError temporary = assertThrows(FlightError.class, () -> sql.executeIngest(rows,
          new StatementIngest(append, "INTTABLE", "APP", null, true, null, Map.of())));
      assertTrue(temporary.getMessage().contains("Bulk ingestion using temporary tables is not supported"),
          temporary.toString());
      FlightError transaction = assertThrows(FlightError.class, () -> sql.executeIngest(rows,
          new StatementIngest(append, "INTTABLE", "APP", null, false, new byte[] {1}, Map.of())));
      assertTrue(transaction.getMessage().contains("Specifying explicit transaction is not supported"),
          transaction.toString());
    }
    assertEquals(List.of(List.of(3)), rows(sql.execute("SELECT COUNT(*) FROM intTable")));
  }

  @Test
  @Order(8)
  void anSqlErrorIsTheExamplesInternalError() {
    // the example answers a failed statement with INTERNAL and Derby's exception only as the cause,
    // which does not travel: the status has no message
    dev.flightwire.FlightInternalError e = assertThrows(dev.flightwire.FlightInternalError.class,
        () -> sql.execute("SELECT * FROM noSuchTable"));
    assertEquals("", e.getMessage() == null ? "" : e.getMessage().trim(), e.toString());
    // and the connection serves the next call
    assertEquals(List.of(List.of(3)), rows(sql.execute("SELECT COUNT(*) FROM intTable")));
  }
}
