package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.internal.ipc.IpcSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FlightSqlClient against a Flight SQL test double on a real server: statements and metadata. */
class FlightSqlClientTest {
  private BufferAllocator allocator;
  private FlightSqlClientDouble service;
  private SqlClientPair<FlightSqlClientDouble> pair;
  private FlightClient client;
  private FlightSqlClient sql;

  @BeforeEach
  void setUp() throws Exception {
    pair = SqlClientPair.start(FlightSqlClientDouble::new);
    allocator = pair.allocator;
    service = pair.service;
    client = pair.client;
    sql = pair.sql;
  }

  @AfterEach
  void tearDown() {
    pair.close();
  }

  @Test
  void executeThenGetStreamReturnsTheRows() {
    FlightInfo info = sql.execute(FlightSqlClientDouble.QUERY);
    assertEquals(FlightSqlClientDouble.USERS, info.schema());
    assertEquals(new StatementQuery(FlightSqlClientDouble.QUERY),
        FlightSqlCommand.parse(info.descriptor().command()));
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      assertTrue(reader.next());
      VectorSchemaRoot root = reader.root();
      assertEquals(3, root.getRowCount());
      assertEquals(2L, ((BigIntVector) root.getVector("id")).get(1));
      assertEquals("cy", new String(((VarCharVector) root.getVector("name")).get(2), StandardCharsets.UTF_8));
      assertFalse(reader.next());
    }
  }

  @Test
  void getExecuteSchemaAsksGetSchema() {
    assertEquals(FlightSqlClientDouble.USERS, sql.getExecuteSchema(FlightSqlClientDouble.QUERY).schema());
  }

  @Test
  void aServerErrorArrivesAsItsFlightError() {
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, () -> sql.execute("SELEKT"));
    assertTrue(e.getMessage().contains("syntax error in: SELEKT"), e.getMessage());
    FlightInvalidArgumentError u = assertThrows(FlightInvalidArgumentError.class,
        () -> sql.executeUpdate("FAIL now"));
    assertTrue(u.getMessage().contains("cannot run: FAIL now"), u.getMessage());
  }

  @Test
  void executeUpdateSendsAnEmptyStreamAndReturnsTheCount() {
    assertEquals(3, sql.executeUpdate("DELETE FROM users"));
    assertEquals(List.of("DELETE FROM users fields=0 rows=0"), service.updates);
  }

  @Test
  void callOptionsAreMerged() {
    FlightCallOptions a = FlightCallOptions.builder().header("x-a", "1").build();
    FlightCallOptions b = FlightCallOptions.timeout(Duration.ofSeconds(30));
    assertEquals(0, sql.executeUpdate("UPDATE users SET name = name", a, b));
    FlightCallOptions merged = SqlCalls.merge(a, b);
    assertEquals(Duration.ofSeconds(30), merged.timeout());
    assertEquals("1", merged.headers().get("x-a"));
    assertEquals(FlightCallOptions.DEFAULT, SqlCalls.merge());
  }

  @Test
  void executeIngestUploadsTheRows() {
    try (VectorSchemaRoot data = VectorSchemaRoot.create(FlightSqlClientDouble.PARAMS, allocator)) {
      BigIntVector id = (BigIntVector) data.getVector("id");
      for (int i = 0; i < 5; i++) {
        id.setSafe(i, i);
      }
      data.setRowCount(5);
      StatementIngest ingest = new StatementIngest(null, "ids", null, null, false, null, Map.of());
      assertEquals(5, sql.executeIngest(data, ingest));
    }
    assertEquals(List.of("ingest ids rows=5"), service.updates);
  }

  @Test
  void getTablesWithSchemaCarriesEachTablesSchema() {
    FlightInfo info = sql.getTables(null, "main", "us%", List.of("TABLE"), true);
    assertEquals(new GetTables(null, "main", "us%", List.of("TABLE"), true),
        FlightSqlCommand.parse(info.descriptor().command()));
    assertEquals(FlightSqlClientDouble.TABLES_WITH_SCHEMA, info.schema());
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      assertTrue(reader.next());
      VarBinaryVector schemas = (VarBinaryVector) reader.root().getVector("table_schema");
      assertEquals(FlightSqlClientDouble.USERS, IpcSchema.parse(schemas.get(0)));
      assertTrue(reader.root().getVector("catalog_name").isNull(0));
      assertFalse(reader.next());
    }
    assertEquals(FlightSqlClientDouble.TABLES, sql.getTablesSchema(false).schema());
    assertEquals(FlightSqlClientDouble.TABLES_WITH_SCHEMA, sql.getTablesSchema(true).schema());
  }

  @Test
  void transactionsAndSavepointsSendTheirActions() {
    Transaction tx = sql.beginTransaction();
    assertArrayEquals("tx-1".getBytes(StandardCharsets.UTF_8), tx.transactionId());
    Savepoint sp = sql.beginSavepoint(tx, "before");
    sql.rollback(sp);
    sql.release(sp);
    sql.commit(tx);
    sql.rollback(tx);
    assertEquals(List.of("begin", "savepoint before in tx-1", "ROLLBACK sp-1", "RELEASE sp-1", "COMMIT tx-1",
        "ROLLBACK tx-1"), service.actions);
  }

  @Test
  void anActionWithTheWrongNumberOfResultsIsAnInternalErrorNamingIt() {
    FlightInfo info = sql.execute(FlightSqlClientDouble.QUERY);
    service.cancelTwice = true;
    FlightInternalError e = assertThrows(FlightInternalError.class, () -> sql.cancelQuery(info));
    assertTrue(e.getMessage().contains("CancelQuery with 2 results"), e.getMessage());
    FlightInternalError p = assertThrows(FlightInternalError.class, () -> sql.prepare("NO RESULT"));
    assertTrue(p.getMessage().contains("CreatePreparedStatement with 0 results"), p.getMessage());
  }

  @Test
  void cancelQueryReturnsTheServersAnswer() {
    assertEquals(CancelResult.CANCELLING, sql.cancelQuery(sql.execute(FlightSqlClientDouble.QUERY)));
    assertEquals(List.of("cancel"), service.actions);
  }

  @Test
  void aStreamTheServerRefusesFailsInTheReader() {
    try (FlightStreamReader reader = sql.getStream(new dev.flightwire.Ticket(new GetCatalogs().toBytes()))) {
      dev.flightwire.FlightNotFoundError e = assertThrows(dev.flightwire.FlightNotFoundError.class, reader::next);
      assertTrue(e.getMessage().contains("no DoGet for"), e.getMessage());
    }
  }
}
