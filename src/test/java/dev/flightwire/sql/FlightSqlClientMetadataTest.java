package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightNotFoundError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FlightSqlClient's metadata queries, transactions in commands, and ingest from a reader. */
class FlightSqlClientMetadataTest {
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
  void eachMetadataQuerySendsItsCommand() {
    TableRef users = new TableRef("", "main", "users");
    TableRef orders = TableRef.of("orders");
    sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, 10_000);
    sql.getSqlInfo(List.of());
    sql.getXdbcTypeInfo();
    sql.getXdbcTypeInfo(4);
    sql.getCatalogs();
    sql.getDbSchemas(null, "ma%");
    sql.getTableTypes();
    sql.getPrimaryKeys(users);
    sql.getExportedKeys(users);
    sql.getImportedKeys(orders);
    sql.getCrossReference(users, orders);
    assertEquals(List.of(GetSqlInfo.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, 10_000), GetSqlInfo.of(),
        new GetXdbcTypeInfo(), new GetXdbcTypeInfo(4), new GetCatalogs(), new GetDbSchemas(null, "ma%"),
        new GetTableTypes(), new GetPrimaryKeys("", "main", "users"), new GetExportedKeys("", "main", "users"),
        new GetImportedKeys(null, null, "orders"),
        new GetCrossReference("", "main", "users", null, null, "orders")), service.metadataCommands);
  }

  @Test
  void eachSchemaQuerySendsItsCommandToGetSchema() {
    sql.getSqlInfoSchema();
    sql.getXdbcTypeInfoSchema();
    sql.getCatalogsSchema();
    sql.getDbSchemasSchema();
    sql.getTableTypesSchema();
    sql.getPrimaryKeysSchema();
    sql.getExportedKeysSchema();
    sql.getImportedKeysSchema();
    sql.getCrossReferenceSchema();
    assertEquals(List.of(GetSqlInfo.of(), new GetXdbcTypeInfo(), new GetCatalogs(), new GetDbSchemas(null, null),
        new GetTableTypes(), new GetPrimaryKeys(null, null, ""), new GetExportedKeys(null, null, ""),
        new GetImportedKeys(null, null, ""), new GetCrossReference(null, null, "", null, null, "")),
        service.metadataCommands);
  }

  @Test
  void callOptionsReachTheServer() {
    FlightNotFoundError e = assertThrows(FlightNotFoundError.class,
        () -> sql.getCatalogs(FlightCallOptions.builder().header("x-fail", "1").build()));
    assertTrue(e.getMessage().contains("no catalogs"), e.getMessage());
  }

  @Test
  void aTransactionGoesInTheCommand() {
    Transaction tx = sql.beginTransaction();
    FlightInfo info = sql.execute(FlightSqlClientDouble.QUERY, tx);
    assertEquals(new StatementQuery(FlightSqlClientDouble.QUERY, "tx-1".getBytes(StandardCharsets.UTF_8)),
        FlightSqlCommand.parse(info.descriptor().command()));
    assertEquals(new TicketStatementQuery("userstx-1".getBytes(StandardCharsets.UTF_8)),
        FlightSqlCommand.parse(info.endpoints().get(0).ticket().ticket()));
  }

  @Test
  void executeIngestReadsTheWholeReader() throws Exception {
    ByteArrayOutputStream ipc = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlClientDouble.PARAMS, allocator);
         ArrowStreamWriter writer = new ArrowStreamWriter(root, null, ipc)) {
      BigIntVector id = (BigIntVector) root.getVector("id");
      for (int batch = 0; batch < 3; batch++) {
        for (int i = 0; i < 4; i++) {
          id.setSafe(i, batch * 4 + i);
        }
        root.setRowCount(4);
        writer.writeBatch();
      }
    }
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()), allocator)) {
      assertEquals(12, sql.executeIngest(reader, new StatementIngest(null, "ids", null, null, true, null, Map.of())));
    }
    assertEquals(List.of("ingest ids rows=12"), service.updates);
  }
}
