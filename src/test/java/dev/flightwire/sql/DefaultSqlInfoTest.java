package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.FlightStreamReader;
import dev.flightwire.ServerCallContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The default server information follows what a service implements. */
class DefaultSqlInfoTest {
  private static final List<Integer> IDS = List.of(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY,
      SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, SqlInfo.FLIGHT_SQL_SERVER_CANCEL,
      SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION);

  @Test
  void aServiceWithoutOverridesIsReadOnlyWithoutTransactions() {
    try (BufferAllocator a = new RootAllocator()) {
      assertEquals(Map.of(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, true, SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 0,
          SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, false),
          info(a, new FlightSqlServerBase(a) {}));
    }
  }

  @Test
  void updatesTransactionsSavepointsCancelAndIngestAreAnnounced() {
    try (BufferAllocator a = new RootAllocator()) {
      class Updates extends FlightSqlServerBase {
        Updates() {
          super(a);
        }

        @Override
        protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command,
            FlightStreamReader reader) {
          return 0;
        }

        @Override
        protected BeginTransactionResult beginTransaction(ServerCallContext context, BeginTransactionRequest request) {
          return null;
        }
      }
      assertEquals(Map.of(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false, SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 1,
          SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, false),
          info(a, new Updates()));
      // a subclass of a subclass: what its superclasses override counts too
      class Everything extends Updates {
        @Override
        protected BeginSavepointResult beginSavepoint(ServerCallContext context, BeginSavepointRequest request) {
          return null;
        }

        @Override
        protected CancelQueryResult cancelQuery(ServerCallContext context, CancelQueryRequest request) {
          return null;
        }

        @Override
        protected long doPutStatementIngest(ServerCallContext context, StatementIngest command,
            FlightStreamReader reader) {
          return 0;
        }
      }
      assertEquals(Map.of(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false, SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 2,
          SqlInfo.FLIGHT_SQL_SERVER_CANCEL, true, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, true),
          info(a, new Everything()));
    }
  }

  @Test
  void aHelperWithTheSameNameIsNotAnOverride() {
    try (BufferAllocator a = new RootAllocator()) {
      FlightSqlServerBase helperOnly = new FlightSqlServerBase(a) {
        @SuppressWarnings("unused")
        private long doPutStatementUpdate(ServerCallContext context, StatementUpdate command) {
          return 0;
        }

        @SuppressWarnings("unused")
        static void cancelQuery(ServerCallContext context, CancelQueryRequest request, int retries) {}
      };
      assertEquals(Map.of(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, true, SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 0,
          SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, false),
          info(a, helperOnly));
    }
  }

  private static Map<Integer, Object> info(BufferAllocator a, FlightSqlServerBase service) {
    Map<Integer, Object> out = new HashMap<>();
    try (VectorSchemaRoot root = service.sqlInfo().build(a, new GetSqlInfo(IDS))) {
      UInt4Vector ids = (UInt4Vector) root.getVector("info_name");
      for (int i = 0; i < root.getRowCount(); i++) {
        out.put(ids.get(i), root.getVector("value").getObject(i));
      }
    }
    return out;
  }
}
