package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.FlightSqlScenarioServer.BULK_INGEST_TRANSACTION_ID;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.SAVEPOINT_ID;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.SAVEPOINT_NAME;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.SUBSTRAIT_PLAN;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.TRANSACTION_ID;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.UPDATE_STATEMENT_EXPECTED_ROWS;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.querySchema;
import static dev.flightwire.internal.integration.FlightSqlScenarioServer.queryWithTransactionSchema;
import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.SchemaResult;
import dev.flightwire.sql.CancelResult;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.FlightSqlCommand;
import dev.flightwire.sql.FlightSqlSchemas;
import dev.flightwire.sql.GetSqlInfo;
import dev.flightwire.sql.PreparedStatement;
import dev.flightwire.sql.Savepoint;
import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.TableDefinitionOptions;
import dev.flightwire.sql.TableRef;
import dev.flightwire.sql.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Arrow's Flight SQL integration scenarios, client side, on {@link FlightSqlClient}; the server is
 * {@link FlightSqlScenarioServer}. As in Arrow's clients, a result is checked by the schema of
 * the stream its first endpoint's ticket returns, and GetSchema answers by their schema; ids and
 * row counts exactly.
 */
final class FlightSqlScenarios {
  private FlightSqlScenarios() {}

  /**
   * {@code flight_sql}: every metadata command with the scenario's arguments (result and GetSchema
   * schemas; the GetSqlInfo ticket must hold the ids asked for), "SELECT STATEMENT" and its schema,
   * "UPDATE STATEMENT" (10000 rows), the prepared "SELECT PREPARED STATEMENT" with one row of
   * parameters bound (result and fetched schemas) and the prepared "UPDATE PREPARED STATEMENT"
   * (20000 rows).
   */
  static final class Basic implements Scenario {
    @Override
    public FlightServerBase service(BufferAllocator allocator) {
      return new FlightSqlScenarioServer(allocator, false);
    }

    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightSqlClient sql = new FlightSqlClient(client);
      metadata(sql);
      statements(sql);
      prepared(allocator, sql);
    }

    private static void metadata(FlightSqlClient sql) {
      validate(sql, FlightSqlSchemas.GET_CATALOGS, sql.getCatalogs(), "GetCatalogs");
      validateSchema(FlightSqlSchemas.GET_CATALOGS, sql.getCatalogsSchema(), "GetCatalogs");
      validate(sql, FlightSqlSchemas.GET_DB_SCHEMAS, sql.getDbSchemas("catalog", "db_schema_filter_pattern"),
          "GetDbSchemas");
      validateSchema(FlightSqlSchemas.GET_DB_SCHEMAS, sql.getDbSchemasSchema(), "GetDbSchemas");
      validate(sql, FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, sql.getTables("catalog", "db_schema_filter_pattern",
          "table_filter_pattern", List.of("table", "view"), true), "GetTables");
      validateSchema(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, sql.getTablesSchema(true),
          "GetTables with include_schema");
      validateSchema(FlightSqlSchemas.GET_TABLES, sql.getTablesSchema(false), "GetTables without include_schema");
      validate(sql, FlightSqlSchemas.GET_TABLE_TYPES, sql.getTableTypes(), "GetTableTypes");
      validateSchema(FlightSqlSchemas.GET_TABLE_TYPES, sql.getTableTypesSchema(), "GetTableTypes");
      TableRef table = new TableRef("catalog", "db_schema", "table");
      validate(sql, FlightSqlSchemas.GET_PRIMARY_KEYS, sql.getPrimaryKeys(table), "GetPrimaryKeys");
      validateSchema(FlightSqlSchemas.GET_PRIMARY_KEYS, sql.getPrimaryKeysSchema(), "GetPrimaryKeys");
      validate(sql, FlightSqlSchemas.GET_KEYS, sql.getExportedKeys(table), "GetExportedKeys");
      validateSchema(FlightSqlSchemas.GET_KEYS, sql.getExportedKeysSchema(), "GetExportedKeys");
      validate(sql, FlightSqlSchemas.GET_KEYS, sql.getImportedKeys(table), "GetImportedKeys");
      validateSchema(FlightSqlSchemas.GET_KEYS, sql.getImportedKeysSchema(), "GetImportedKeys");
      validate(sql, FlightSqlSchemas.GET_KEYS, sql.getCrossReference(new TableRef("pk_catalog", "pk_db_schema",
          "pk_table"), new TableRef("fk_catalog", "fk_db_schema", "fk_table")), "GetCrossReference");
      validateSchema(FlightSqlSchemas.GET_KEYS, sql.getCrossReferenceSchema(), "GetCrossReference");
      validate(sql, FlightSqlSchemas.GET_XDBC_TYPE_INFO, sql.getXdbcTypeInfo(), "GetXdbcTypeInfo");
      validateSchema(FlightSqlSchemas.GET_XDBC_TYPE_INFO, sql.getXdbcTypeInfoSchema(), "GetXdbcTypeInfo");

      FlightInfo info = sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY);
      check(!info.endpoints().isEmpty(), "GetSqlInfo: the FlightInfo has no endpoint");
      FlightSqlCommand ticket = FlightSqlCommand.parse(info.endpoints().get(0).ticket().ticket());
      checkEquals(GetSqlInfo.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY), ticket,
          "GetSqlInfo: the command in the ticket");
      validate(sql, FlightSqlSchemas.GET_SQL_INFO, info, "GetSqlInfo");
      validateSchema(FlightSqlSchemas.GET_SQL_INFO, sql.getSqlInfoSchema(), "GetSqlInfo");
    }

    private static void statements(FlightSqlClient sql) {
      validate(sql, querySchema(), sql.execute("SELECT STATEMENT"), "the statement query");
      validateSchema(querySchema(), sql.getExecuteSchema("SELECT STATEMENT"), "the statement query");
      checkEquals(UPDATE_STATEMENT_EXPECTED_ROWS, sql.executeUpdate("UPDATE STATEMENT"), "rows of the update");
    }

    private static void prepared(BufferAllocator allocator, FlightSqlClient sql) {
      try (PreparedStatement s = sql.prepare("SELECT PREPARED STATEMENT");
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, querySchema(), s.execute(), "the prepared query");
        validateSchema(querySchema(), s.fetchSchema(), "the prepared query");
      }
      try (PreparedStatement s = sql.prepare("UPDATE PREPARED STATEMENT")) {
        checkEquals(UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS, s.executeUpdate(), "rows of the prepared update");
      }
    }
  }

  /**
   * {@code flight_sql:extension}: all the server's information (FLIGHT_SQL_SERVER_SQL false,
   * SUBSTRAIT true, its min and max versions "min_version" and "max_version", TRANSACTION
   * savepoints (2), CANCEL true, STATEMENT_TIMEOUT 42, TRANSACTION_TIMEOUT 7; no id twice; only
   * string, bool, int64 and int32 values); the Substrait plan as a query (schema, GetSchema,
   * CancelQuery of its FlightInfo answering CANCELLED) and as an update (10000 rows); the plan
   * prepared, with parameters, and prepared as an update (20000 rows); then in the transaction
   * "transaction_id" with the savepoint "savepoint_id": every query and prepared query returns
   * {@code queryWithTransactionSchema}, updates count 15000 and prepared updates 25000; rollback
   * to the savepoint, a new savepoint, release, commit, a new transaction, rollback.
   */
  static final class Extension implements Scenario {
    @Override
    public FlightServerBase service(BufferAllocator allocator) {
      return new FlightSqlScenarioServer(allocator, false);
    }

    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightSqlClient sql = new FlightSqlClient(client);
      serverInfo(sql);
      substrait(sql);
      preparedPlans(allocator, sql);
      transactions(allocator, sql);
    }

    private static void serverInfo(FlightSqlClient sql) {
      Map<Integer, Object> values = new HashMap<>();
      validate(sql, FlightSqlSchemas.GET_SQL_INFO, sql.getSqlInfo(), "GetSqlInfo of everything",
          reader -> values.putAll(readSqlInfo(reader)));
      checkEquals(Boolean.FALSE, values.get(SqlInfo.FLIGHT_SQL_SERVER_SQL), "FLIGHT_SQL_SERVER_SQL");
      checkEquals(Boolean.TRUE, values.get(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT), "FLIGHT_SQL_SERVER_SUBSTRAIT");
      checkEquals("min_version", values.get(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION),
          "FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION");
      checkEquals("max_version", values.get(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION),
          "FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION");
      checkEquals(2, values.get(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION),
          "FLIGHT_SQL_SERVER_TRANSACTION (SQL_SUPPORTED_TRANSACTION_SAVEPOINT)");
      checkEquals(Boolean.TRUE, values.get(SqlInfo.FLIGHT_SQL_SERVER_CANCEL), "FLIGHT_SQL_SERVER_CANCEL");
      checkEquals(42, values.get(SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT), "FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT");
      checkEquals(7, values.get(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT),
          "FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT");
    }

    private static void substrait(FlightSqlClient sql) {
      FlightInfo info = sql.executeSubstrait(SUBSTRAIT_PLAN);
      validate(sql, querySchema(), info, "the Substrait query");
      validateSchema(querySchema(), sql.getExecuteSubstraitSchema(SUBSTRAIT_PLAN), "the Substrait query");
      checkEquals(CancelResult.CANCELLED, sql.cancelQuery(info), "CancelQuery of the Substrait query");
      checkEquals(UPDATE_STATEMENT_EXPECTED_ROWS, sql.executeSubstraitUpdate(SUBSTRAIT_PLAN),
          "rows of the Substrait update");
    }

    private static void preparedPlans(BufferAllocator allocator, FlightSqlClient sql) {
      try (PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, querySchema(), s.execute(), "the prepared Substrait query");
        validateSchema(querySchema(), s.fetchSchema(), "the prepared Substrait query");
      }
      try (PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN)) {
        checkEquals(UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS, s.executeUpdate(),
            "rows of the prepared Substrait update");
      }
    }

    private static void transactions(BufferAllocator allocator, FlightSqlClient sql) {
      Transaction transaction = sql.beginTransaction();
      checkBytes(TRANSACTION_ID, transaction.transactionId(), "transaction id");
      Savepoint savepoint = sql.beginSavepoint(transaction, SAVEPOINT_NAME);
      checkBytes(SAVEPOINT_ID, savepoint.savepointId(), "savepoint id");

      Schema txn = queryWithTransactionSchema();
      validate(sql, txn, sql.execute("SELECT STATEMENT", transaction), "the query in the transaction");
      validate(sql, txn, sql.executeSubstrait(SUBSTRAIT_PLAN, transaction), "the Substrait query in the transaction");
      validateSchema(txn, sql.getExecuteSchema("SELECT STATEMENT", transaction), "the query in the transaction");
      validateSchema(txn, sql.getExecuteSubstraitSchema(SUBSTRAIT_PLAN, transaction),
          "the Substrait query in the transaction");
      checkEquals(UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS, sql.executeUpdate("UPDATE STATEMENT", transaction),
          "rows of the update in the transaction");
      checkEquals(UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS,
          sql.executeSubstraitUpdate(SUBSTRAIT_PLAN, transaction), "rows of the Substrait update in the transaction");

      try (PreparedStatement s = sql.prepare("SELECT PREPARED STATEMENT", transaction);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, txn, s.execute(), "the prepared query in the transaction");
        validateSchema(txn, s.fetchSchema(), "the prepared query in the transaction");
      }
      try (PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN, transaction);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, txn, s.execute(), "the prepared Substrait query in the transaction");
        validateSchema(txn, s.fetchSchema(), "the prepared Substrait query in the transaction");
      }
      try (PreparedStatement s = sql.prepare("UPDATE PREPARED STATEMENT", transaction)) {
        checkEquals(UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS, s.executeUpdate(),
            "rows of the prepared update in the transaction");
      }
      try (PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN, transaction)) {
        checkEquals(UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS, s.executeUpdate(),
            "rows of the prepared Substrait update in the transaction");
      }

      sql.rollback(savepoint);
      Savepoint again = sql.beginSavepoint(transaction, SAVEPOINT_NAME);
      checkBytes(SAVEPOINT_ID, again.savepointId(), "id of the second savepoint");
      sql.release(savepoint);
      sql.commit(transaction);
      Transaction second = sql.beginTransaction();
      checkBytes(TRANSACTION_ID, second.transactionId(), "id of the second transaction");
      sql.rollback(transaction);
    }
  }

  /**
   * {@code flight_sql:ingestion}: GetSqlInfo of FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED and
   * FLIGHT_SQL_SERVER_BULK_INGESTION answers true for both; then 3 rows of
   * {@code ingestSchema} (all null) loaded into temporary "test_catalog"."test_schema"."test_table"
   * in transaction "123" (create if missing, replace if present, options key1=val1, key2=val2)
   * count 3.
   */
  static final class Ingestion implements Scenario {
    @Override
    public FlightServerBase service(BufferAllocator allocator) {
      return new FlightSqlScenarioServer(allocator, true);
    }

    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightSqlClient sql = new FlightSqlClient(client);
      Map<Integer, Object> values = new HashMap<>();
      validate(sql, FlightSqlSchemas.GET_SQL_INFO, sql.getSqlInfo(
          SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION),
          "GetSqlInfo of ingestion", reader -> values.putAll(readSqlInfo(reader)));
      checkEquals(Boolean.TRUE, values.get(SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED),
          "FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED");
      checkEquals(Boolean.TRUE, values.get(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION), "FLIGHT_SQL_SERVER_BULK_INGESTION");

      StatementIngest ingest = new StatementIngest(new TableDefinitionOptions(
          TableDefinitionOptions.TableNotExistOption.CREATE, TableDefinitionOptions.TableExistsOption.REPLACE),
          "test_table", "test_schema", "test_catalog", true, BULK_INGEST_TRANSACTION_ID,
          Map.of("key1", "val1", "key2", "val2"));
      try (VectorSchemaRoot data = VectorSchemaRoot.create(FlightSqlScenarioServer.ingestSchema(), allocator)) {
        data.setRowCount(3);
        checkEquals(3L, sql.executeIngest(data, ingest), "rows ingested");
      }
    }
  }

  /** One row of parameters with {@code querySchema} (its value null), as Arrow's clients bind. */
  private static VectorSchemaRoot oneRow(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(querySchema(), allocator);
    root.setRowCount(1);
    return root;
  }

  private static void validate(FlightSqlClient sql, Schema expected, FlightInfo info, String what) {
    validate(sql, expected, info, what, null);
  }

  /** Reads the stream of the first endpoint: its schema must be {@code expected}. */
  private static void validate(FlightSqlClient sql, Schema expected, FlightInfo info, String what,
      Consumer<FlightStreamReader> rest) {
    check(!info.endpoints().isEmpty(), what + ": the FlightInfo has no endpoint");
    try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
      checkSchema(expected, reader.schema(), what + ": schema of the result");
      if (rest != null) {
        rest.accept(reader);
      }
    }
  }

  private static void validateSchema(Schema expected, SchemaResult actual, String what) {
    checkSchema(expected, actual.schema(), what + ": schema answered by GetSchema");
  }

  /** Schemas compare with their metadata, so the message shows them as JSON, metadata included. */
  private static void checkSchema(Schema expected, Schema actual, String what) {
    check(expected.equals(actual), what + ": expected " + expected.toJson() + " but got " + actual.toJson());
  }

  private static void checkBytes(byte[] expected, byte[] actual, String what) {
    check(Arrays.equals(expected, actual), what + ": expected " + new String(expected, StandardCharsets.UTF_8)
        + " but got " + new String(actual, StandardCharsets.UTF_8));
  }

  /**
   * The GetSqlInfo values of a stream, by id: strings, booleans, int64 and int32 (union members 0
   * to 3); an id twice or another member fails, as in Arrow's clients.
   */
  private static Map<Integer, Object> readSqlInfo(FlightStreamReader reader) {
    Map<Integer, Object> values = new HashMap<>();
    while (reader.next()) {
      VectorSchemaRoot root = reader.root();
      UInt4Vector names = (UInt4Vector) root.getVector(0);
      DenseUnionVector value = (DenseUnionVector) root.getVector(1);
      for (int i = 0; i < root.getRowCount(); i++) {
        int id = names.get(i);
        check(!values.containsKey(id), "GetSqlInfo: id " + id + " sent twice");
        byte type = value.getTypeId(i);
        check(type >= 0 && type <= 3, "GetSqlInfo: id " + id + " has a value of union member " + type
            + "; the scenario's are strings, booleans, int64 and int32");
        Object v = value.getObject(i);
        values.put(id, v instanceof Text t ? t.toString() : v);
      }
    }
    return values;
  }
}
