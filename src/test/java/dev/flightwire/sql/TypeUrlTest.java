package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The type URLs are exactly those Arrow's Flight SQL implementations write and expect. */
class TypeUrlTest {
  private static final String PREFIX = "type.googleapis.com/arrow.flight.protocol.sql.";

  @Test
  void commands() throws InvalidProtocolBufferException {
    Map<Class<?>, String> names = new LinkedHashMap<>();
    names.put(StatementQuery.class, "CommandStatementQuery");
    names.put(StatementUpdate.class, "CommandStatementUpdate");
    names.put(StatementSubstraitPlan.class, "CommandStatementSubstraitPlan");
    names.put(StatementIngest.class, "CommandStatementIngest");
    names.put(PreparedStatementQuery.class, "CommandPreparedStatementQuery");
    names.put(PreparedStatementUpdate.class, "CommandPreparedStatementUpdate");
    names.put(TicketStatementQuery.class, "TicketStatementQuery");
    names.put(GetSqlInfo.class, "CommandGetSqlInfo");
    names.put(GetXdbcTypeInfo.class, "CommandGetXdbcTypeInfo");
    names.put(GetCatalogs.class, "CommandGetCatalogs");
    names.put(GetDbSchemas.class, "CommandGetDbSchemas");
    names.put(GetTables.class, "CommandGetTables");
    names.put(GetTableTypes.class, "CommandGetTableTypes");
    names.put(GetPrimaryKeys.class, "CommandGetPrimaryKeys");
    names.put(GetExportedKeys.class, "CommandGetExportedKeys");
    names.put(GetImportedKeys.class, "CommandGetImportedKeys");
    names.put(GetCrossReference.class, "CommandGetCrossReference");
    for (FlightSqlCommand c : RoundTripTest.commands()) {
      assertEquals(PREFIX + names.get(c.getClass()), Any.parseFrom(c.toBytes()).getTypeUrl(), c.toString());
    }
    assertEquals(17, FlightSqlCommand.class.getPermittedSubclasses().length);
    for (Class<?> k : FlightSqlCommand.class.getPermittedSubclasses()) {
      assertEquals(true, names.containsKey(k), k.getName());
    }
  }

  @Test
  void actionMessages() throws InvalidProtocolBufferException {
    byte[] b = {1};
    SubstraitPlan plan = new SubstraitPlan(b, "v");
    Map<String, byte[]> sent = new LinkedHashMap<>();
    sent.put("ActionCreatePreparedStatementRequest", new CreatePreparedStatementRequest("q", null).toBytes());
    sent.put("ActionCreatePreparedSubstraitPlanRequest", new CreatePreparedSubstraitPlanRequest(plan, null).toBytes());
    sent.put("ActionCreatePreparedStatementResult", new CreatePreparedStatementResult(b, b, b).toBytes());
    sent.put("ActionClosePreparedStatementRequest", new ClosePreparedStatementRequest(b).toBytes());
    sent.put("ActionBeginTransactionRequest", new BeginTransactionRequest().toBytes());
    sent.put("ActionBeginTransactionResult", new BeginTransactionResult(b).toBytes());
    sent.put("ActionBeginSavepointRequest", new BeginSavepointRequest(b, "s").toBytes());
    sent.put("ActionBeginSavepointResult", new BeginSavepointResult(b).toBytes());
    sent.put("ActionEndTransactionRequest", new EndTransactionRequest(b, EndTransaction.COMMIT).toBytes());
    sent.put("ActionEndSavepointRequest", new EndSavepointRequest(b, EndSavepoint.RELEASE).toBytes());
    sent.put("ActionCancelQueryRequest", new CancelQueryRequest(b).toBytes());
    sent.put("ActionCancelQueryResult", new CancelQueryResult(CancelResult.CANCELLED).toBytes());
    for (Map.Entry<String, byte[]> e : sent.entrySet()) {
      assertEquals(PREFIX + e.getKey(), Any.parseFrom(e.getValue()).getTypeUrl());
    }
    // the DoPut results travel bare in the PutResult's app_metadata, as Arrow's clients read them
    assertArrayEquals(new byte[] {0x08, 0x01}, new DoPutUpdateResult(1).toBytes());
    assertArrayEquals(new byte[] {0x0A, 0x01, 0x05}, new DoPutPreparedStatementResult(new byte[] {5}).toBytes());
  }

  @Test
  void actionTypeNames() {
    assertEquals("CreatePreparedStatement", FlightSqlActions.CREATE_PREPARED_STATEMENT);
    assertEquals("ClosePreparedStatement", FlightSqlActions.CLOSE_PREPARED_STATEMENT);
    assertEquals("CreatePreparedSubstraitPlan", FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN);
    assertEquals("BeginTransaction", FlightSqlActions.BEGIN_TRANSACTION);
    assertEquals("BeginSavepoint", FlightSqlActions.BEGIN_SAVEPOINT);
    assertEquals("EndTransaction", FlightSqlActions.END_TRANSACTION);
    assertEquals("EndSavepoint", FlightSqlActions.END_SAVEPOINT);
    assertEquals("CancelQuery", FlightSqlActions.CANCEL_QUERY);
  }
}
