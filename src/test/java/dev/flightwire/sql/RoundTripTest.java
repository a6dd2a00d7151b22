package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flightwire.sql.TableDefinitionOptions.TableExistsOption;
import dev.flightwire.sql.TableDefinitionOptions.TableNotExistOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every value survives toBytes and parse, with its optional fields set and unset. */
class RoundTripTest {
  private static final byte[] TX = {9, 8, 7};
  private static final SubstraitPlan PLAN = new SubstraitPlan(new byte[] {1, 0, 2}, "0.12.0");

  /** Every command, optional fields set and unset; {@link TypeUrlTest} uses it too. */
  static List<FlightSqlCommand> commands() {
    return List.of(
        new StatementQuery("SELECT 1"),
        new StatementQuery("SELECT 1", TX),
        new StatementUpdate("DELETE FROM t"),
        new StatementUpdate("DELETE FROM t", TX),
        new StatementSubstraitPlan(PLAN, null),
        new StatementSubstraitPlan(PLAN, TX),
        new StatementIngest(null, "t"),
        new StatementIngest(new TableDefinitionOptions(TableNotExistOption.CREATE, TableExistsOption.APPEND),
            "t", "s", "c", true, TX, Map.of("k1", "v1", "k2", "")),
        new StatementIngest(new TableDefinitionOptions(TableNotExistOption.FAIL, TableExistsOption.REPLACE),
            "t", "", "", false, new byte[0], Map.of()),
        new PreparedStatementQuery(new byte[] {1}),
        new PreparedStatementUpdate(new byte[] {2}),
        new TicketStatementQuery(new byte[] {3, 4}),
        GetSqlInfo.of(),
        GetSqlInfo.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.SQL_KEYWORDS, 10_000, -1),
        new GetXdbcTypeInfo(),
        new GetXdbcTypeInfo(-9),
        new GetXdbcTypeInfo(0),
        new GetCatalogs(),
        new GetDbSchemas(null, null),
        new GetDbSchemas("", "p%"),
        new GetTables(null, null, null, List.of(), false),
        new GetTables("c", "s", "t_", List.of("TABLE", "VIEW", "SYSTEM TABLE"), true),
        new GetTableTypes(),
        new GetPrimaryKeys(null, null, "t"),
        new GetPrimaryKeys("c", "", "t"),
        new GetExportedKeys(null, null, "t"),
        new GetExportedKeys("c", "s", "t"),
        new GetImportedKeys(null, null, "t"),
        new GetImportedKeys("", "s", "t"),
        new GetCrossReference(null, null, "pk", null, null, "fk"),
        new GetCrossReference("pc", "ps", "pk", "fc", "fs", "fk"));
  }

  @Test
  void everyCommand() {
    for (FlightSqlCommand c : commands()) {
      assertEquals(c, FlightSqlCommand.parse(c.toBytes()), c.toString());
    }
  }

  @Test
  void unsetAndEmptyOptionalsStayApart() {
    assertNull(((StatementQuery) FlightSqlCommand.parse(new StatementQuery("q").toBytes())).transactionId());
    assertArrayEquals(new byte[0],
        ((StatementQuery) FlightSqlCommand.parse(new StatementQuery("q", new byte[0]).toBytes())).transactionId());
    assertNull(((GetXdbcTypeInfo) FlightSqlCommand.parse(new GetXdbcTypeInfo().toBytes())).dataType());
    assertEquals(0, ((GetXdbcTypeInfo) FlightSqlCommand.parse(new GetXdbcTypeInfo(0).toBytes())).dataType());
    GetDbSchemas unset = (GetDbSchemas) FlightSqlCommand.parse(new GetDbSchemas(null, null).toBytes());
    assertNull(unset.catalog());
    assertEquals("", ((GetDbSchemas) FlightSqlCommand.parse(new GetDbSchemas("", null).toBytes())).catalog());
    StatementIngest ingest = (StatementIngest) FlightSqlCommand.parse(new StatementIngest(null, "t").toBytes());
    assertNull(ingest.tableDefinitionOptions());
    assertNull(ingest.schema());
    assertNull(ingest.catalog());
    assertNull(ingest.transactionId());
  }

  @Test
  void everyActionMessage() {
    check(new CreatePreparedStatementRequest("SELECT ?", null), CreatePreparedStatementRequest::parse);
    check(new CreatePreparedStatementRequest("SELECT ?", TX), CreatePreparedStatementRequest::parse);
    check(new CreatePreparedSubstraitPlanRequest(PLAN, null), CreatePreparedSubstraitPlanRequest::parse);
    check(new CreatePreparedSubstraitPlanRequest(PLAN, TX), CreatePreparedSubstraitPlanRequest::parse);
    check(new CreatePreparedStatementResult(new byte[] {1}, new byte[] {2}, new byte[] {3}),
        CreatePreparedStatementResult::parse);
    check(new CreatePreparedStatementResult(new byte[0], new byte[0], new byte[0]),
        CreatePreparedStatementResult::parse);
    check(new ClosePreparedStatementRequest(new byte[] {1}), ClosePreparedStatementRequest::parse);
    check(new BeginTransactionRequest(), BeginTransactionRequest::parse);
    check(new BeginTransactionResult(TX), BeginTransactionResult::parse);
    check(new BeginSavepointRequest(TX, "sp1"), BeginSavepointRequest::parse);
    check(new BeginSavepointResult(new byte[] {5}), BeginSavepointResult::parse);
    for (EndTransaction a : EndTransaction.values()) {
      check(new EndTransactionRequest(TX, a), EndTransactionRequest::parse);
    }
    for (EndSavepoint a : EndSavepoint.values()) {
      check(new EndSavepointRequest(new byte[] {5}, a), EndSavepointRequest::parse);
    }
    check(new CancelQueryRequest(new byte[] {1, 2, 3}), CancelQueryRequest::parse);
    for (CancelResult r : CancelResult.values()) {
      check(new CancelQueryResult(r), CancelQueryResult::parse);
    }
    check(new DoPutUpdateResult(42), DoPutUpdateResult::parse);
    check(new DoPutUpdateResult(-1), DoPutUpdateResult::parse);
    check(new DoPutPreparedStatementResult(null), DoPutPreparedStatementResult::parse);
    check(new DoPutPreparedStatementResult(new byte[0]), DoPutPreparedStatementResult::parse);
    check(new DoPutPreparedStatementResult(new byte[] {7}), DoPutPreparedStatementResult::parse);
    assertArrayEquals(new byte[0], DoPutPreparedStatementResult.parse(
        new DoPutPreparedStatementResult(new byte[0]).toBytes()).preparedStatementHandle());
  }

  @Test
  void byteFieldsAreCopiedInAndOut() {
    byte[] handle = {1, 2};
    PreparedStatementQuery q = new PreparedStatementQuery(handle);
    handle[0] = 9;
    assertArrayEquals(new byte[] {1, 2}, q.preparedStatementHandle());
    q.preparedStatementHandle()[1] = 9;
    assertArrayEquals(new byte[] {1, 2}, q.preparedStatementHandle());
    assertNotSame(q.preparedStatementHandle(), q.preparedStatementHandle());
    byte[] tx = {3};
    StatementQuery s = new StatementQuery("q", tx);
    tx[0] = 4;
    assertArrayEquals(new byte[] {3}, s.transactionId());
  }

  private static <T> void check(T value, Function<byte[], T> parse) {
    byte[] bytes;
    try {
      bytes = (byte[]) value.getClass().getMethod("toBytes").invoke(value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertEquals(value, parse.apply(bytes), value.toString());
  }
}
