package dev.flightwire.sql;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.SchemaResult;
import dev.flightwire.Ticket;
import dev.flightwire.internal.convert.Protos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Flight SQL client: the commands and actions of the Flight SQL protocol over a
 * {@link FlightClient}. Method names are those of Arrow Java's
 * {@code org.apache.arrow.flight.sql.FlightSqlClient}.
 *
 * <pre>{@code
 * FlightSqlClient sql = new FlightSqlClient(client);
 * FlightInfo info = sql.execute("SELECT id, name FROM users");
 * try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
 *   while (reader.next()) { ... }
 * }
 * }</pre>
 *
 * <h2>Ownership</h2>
 * The client is borrowed: this class never closes it, and it must stay open while this object is
 * used. This class holds no other resource and needs no closing. Each method's call options are
 * those of {@link FlightClient}: none for the default, one used as is, several merged (all their
 * headers, the last timeout given).
 *
 * <h2>Threading and errors</h2>
 * Thread-safe, as the client is. Every method blocks for its answer and throws the
 * {@link FlightError} the call failed with; an answer that breaks the protocol (a wrong number of
 * action results, a malformed result) throws {@link FlightInternalError} naming the call.
 */
public final class FlightSqlClient {
  private final SqlCalls calls;

  /**
   * A Flight SQL client over {@code client}.
   *
   * @param client the Flight client; borrowed (not closed by this class); not null
   */
  public FlightSqlClient(FlightClient client) {
    this.calls = new SqlCalls(Objects.requireNonNull(client, "client"));
  }

  private static byte[] id(Transaction transaction) {
    return transaction == null ? null : transaction.transactionId();
  }

  // ------------------------------------------------------------------ statements

  /**
   * Runs a query ({@code CommandStatementQuery}) outside any transaction.
   *
   * @param query the SQL text; not null
   * @param options the call options
   * @return where to fetch the result (redeem its tickets with {@link #getStream})
   */
  public FlightInfo execute(String query, FlightCallOptions... options) {
    return execute(query, null, options);
  }

  /**
   * Runs a query ({@code CommandStatementQuery}).
   *
   * @param query the SQL text; not null
   * @param transaction the transaction to run in, or null to auto-commit
   * @param options the call options
   * @return where to fetch the result
   */
  public FlightInfo execute(String query, Transaction transaction, FlightCallOptions... options) {
    return calls.info(new StatementQuery(query, id(transaction)), options);
  }

  /**
   * The schema of a query's result, without running it (GetSchema of {@code CommandStatementQuery}).
   *
   * @param query the SQL text; not null
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getExecuteSchema(String query, FlightCallOptions... options) {
    return getExecuteSchema(query, null, options);
  }

  /**
   * The schema of a query's result in a transaction.
   *
   * @param query the SQL text; not null
   * @param transaction the transaction, or null
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getExecuteSchema(String query, Transaction transaction, FlightCallOptions... options) {
    return calls.schema(new StatementQuery(query, id(transaction)), options);
  }

  /**
   * Runs an update ({@code CommandStatementUpdate}) outside any transaction: a DoPut of the command
   * with an empty stream (a schema without fields, no batch, as Arrow Java sends), answered by a
   * {@code DoPutUpdateResult}.
   *
   * @param query the SQL text; not null
   * @param options the call options
   * @return the number of rows changed, or -1 when the server does not know
   */
  public long executeUpdate(String query, FlightCallOptions... options) {
    return executeUpdate(query, null, options);
  }

  /**
   * Runs an update ({@code CommandStatementUpdate}).
   *
   * @param query the SQL text; not null
   * @param transaction the transaction to run in, or null to auto-commit
   * @param options the call options
   * @return the number of rows changed, or -1 when the server does not know
   */
  public long executeUpdate(String query, Transaction transaction, FlightCallOptions... options) {
    return calls.update(new StatementUpdate(query, id(transaction)), new Schema(List.of()), put -> { }, options);
  }

  /**
   * Runs a Substrait plan as a query ({@code CommandStatementSubstraitPlan}) outside any
   * transaction.
   *
   * @param plan the plan; not null
   * @param options the call options
   * @return where to fetch the result (redeem its tickets with {@link #getStream})
   */
  public FlightInfo executeSubstrait(SubstraitPlan plan, FlightCallOptions... options) {
    return executeSubstrait(plan, null, options);
  }

  /**
   * Runs a Substrait plan as a query ({@code CommandStatementSubstraitPlan}).
   *
   * @param plan the plan; not null
   * @param transaction the transaction to run in, or null to auto-commit
   * @param options the call options
   * @return where to fetch the result
   */
  public FlightInfo executeSubstrait(SubstraitPlan plan, Transaction transaction, FlightCallOptions... options) {
    return calls.info(new StatementSubstraitPlan(plan, id(transaction)), options);
  }

  /**
   * The schema of a Substrait plan's result, without running it.
   *
   * @param plan the plan; not null
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getExecuteSubstraitSchema(SubstraitPlan plan, FlightCallOptions... options) {
    return getExecuteSubstraitSchema(plan, null, options);
  }

  /**
   * The schema of a Substrait plan's result in a transaction.
   *
   * @param plan the plan; not null
   * @param transaction the transaction, or null
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getExecuteSubstraitSchema(SubstraitPlan plan, Transaction transaction,
      FlightCallOptions... options) {
    return calls.schema(new StatementSubstraitPlan(plan, id(transaction)), options);
  }

  /**
   * Runs a Substrait plan as an update outside any transaction: a DoPut of
   * {@code CommandStatementSubstraitPlan} with an empty stream, answered by a
   * {@code DoPutUpdateResult}.
   *
   * @param plan the plan; not null
   * @param options the call options
   * @return the number of rows changed, or -1 when the server does not know
   */
  public long executeSubstraitUpdate(SubstraitPlan plan, FlightCallOptions... options) {
    return executeSubstraitUpdate(plan, null, options);
  }

  /**
   * Runs a Substrait plan as an update.
   *
   * @param plan the plan; not null
   * @param transaction the transaction to run in, or null to auto-commit
   * @param options the call options
   * @return the number of rows changed, or -1 when the server does not know
   */
  public long executeSubstraitUpdate(SubstraitPlan plan, Transaction transaction, FlightCallOptions... options) {
    return calls.update(new StatementSubstraitPlan(plan, id(transaction)), new Schema(List.of()), put -> { },
        options);
  }

  /**
   * Loads one batch into a table ({@code CommandStatementIngest}). The command's transaction, if
   * any, is the one it names.
   *
   * @param data the rows; borrowed until this returns
   * @param ingest the table and how to load it; not null
   * @param options the call options
   * @return the number of rows loaded, or -1 when the server does not know
   */
  public long executeIngest(VectorSchemaRoot data, StatementIngest ingest, FlightCallOptions... options) {
    return calls.update(ingest, data.getSchema(), put -> put.writer().writeBatch(data), options);
  }

  /**
   * Loads every batch of a reader into a table ({@code CommandStatementIngest}). Fields must not
   * be dictionary-encoded.
   *
   * @param data the rows, read to the end; borrowed (not closed)
   * @param ingest the table and how to load it; not null
   * @param options the call options
   * @return the number of rows loaded, or -1 when the server does not know
   * @throws java.io.UncheckedIOException when reading {@code data} fails (the upload is then
   *     cancelled, so the server loads nothing)
   */
  public long executeIngest(ArrowReader data, StatementIngest ingest, FlightCallOptions... options) {
    try {
      VectorSchemaRoot root = data.getVectorSchemaRoot();
      return calls.update(ingest, root.getSchema(), put -> {
        try {
          while (data.loadNextBatch()) {
            put.writer().writeBatch(root);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading the data to ingest failed", e);
        }
      }, options);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the schema of the data to ingest failed", e);
    }
  }

  /**
   * Fetches a result (DoGet).
   *
   * @param ticket a ticket of one of a FlightInfo's endpoints
   * @param options the call options
   * @return an owned reader of the stream (close it)
   */
  public FlightStreamReader getStream(Ticket ticket, FlightCallOptions... options) {
    return calls.client().doGet(ticket, SqlCalls.merge(options));
  }

  // ------------------------------------------------------------------ prepared statements

  /**
   * Prepares a statement outside any transaction (action {@value FlightSqlActions#CREATE_PREPARED_STATEMENT}).
   *
   * @param query the SQL text; not null
   * @param options the call options, also used when the statement is closed by {@code close()}
   * @return the owned statement (close it)
   */
  public PreparedStatement prepare(String query, FlightCallOptions... options) {
    return prepare(query, null, options);
  }

  /**
   * Prepares a statement (action {@value FlightSqlActions#CREATE_PREPARED_STATEMENT}).
   *
   * @param query the SQL text; not null
   * @param transaction the transaction the statement runs in, or null to auto-commit
   * @param options the call options, also used when the statement is closed by {@code close()}
   * @return the owned statement (close it)
   * @throws FlightInternalError when the result is not one well-formed
   *     {@code ActionCreatePreparedStatementResult}; when only its schemas are malformed, or the
   *     server sent more than one result, every statement it created (that can be parsed) is
   *     closed on the server before this is thrown
   */
  public PreparedStatement prepare(String query, Transaction transaction, FlightCallOptions... options) {
    return prepareBy(FlightSqlActions.CREATE_PREPARED_STATEMENT,
        new CreatePreparedStatementRequest(query, id(transaction)).toBytes(), options);
  }

  /**
   * Prepares a Substrait plan outside any transaction (action
   * {@value FlightSqlActions#CREATE_PREPARED_SUBSTRAIT_PLAN}).
   *
   * @param plan the plan; not null
   * @param options the call options, also used when the statement is closed by {@code close()}
   * @return the owned statement (close it)
   */
  public PreparedStatement prepare(SubstraitPlan plan, FlightCallOptions... options) {
    return prepare(plan, null, options);
  }

  /**
   * Prepares a Substrait plan (action {@value FlightSqlActions#CREATE_PREPARED_SUBSTRAIT_PLAN}),
   * answered like {@link #prepare(String, Transaction, FlightCallOptions...)}.
   *
   * @param plan the plan; not null
   * @param transaction the transaction the statement runs in, or null to auto-commit
   * @param options the call options, also used when the statement is closed by {@code close()}
   * @return the owned statement (close it)
   */
  public PreparedStatement prepare(SubstraitPlan plan, Transaction transaction, FlightCallOptions... options) {
    return prepareBy(FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN,
        new CreatePreparedSubstraitPlanRequest(plan, id(transaction)).toBytes(), options);
  }

  private PreparedStatement prepareBy(String action, byte[] body, FlightCallOptions... options) {
    java.util.List<byte[]> results = calls.action(action, body, -1, options);
    if (results.size() != 1) {
      FlightInternalError e = new FlightInternalError("the server answered the Flight SQL action " + action
          + " with " + results.size() + " results; the protocol says 1");
      // every statement it did create is one nobody will use: close those that parse
      for (byte[] result : results) {
        try {
          closeUnused(CreatePreparedStatementResult.parse(result).preparedStatementHandle(), e, options);
        } catch (RuntimeException unparsable) {
          e.addSuppressed(unparsable);
        }
      }
      throw e;
    }
    CreatePreparedStatementResult created = SqlCalls.parse(action, results.get(0), CreatePreparedStatementResult::parse);
    try {
      return new PreparedStatement(calls, created, SqlCalls.merge(options));
    } catch (FlightInternalError e) {
      closeUnused(created.preparedStatementHandle(), e, options);
      throw e;
    }
  }

  /**
   * Closes a statement the server created that nobody will use, as the statement would have; a
   * failure to close is added to {@code failure}.
   */
  private void closeUnused(byte[] handle, FlightInternalError failure, FlightCallOptions... options) {
    try {
      calls.action(FlightSqlActions.CLOSE_PREPARED_STATEMENT, new ClosePreparedStatementRequest(handle).toBytes(), -1,
          options);
    } catch (RuntimeException closing) {
      failure.addSuppressed(closing);
    }
  }

  // ------------------------------------------------------------------ metadata

  /**
   * Server metadata ({@code CommandGetSqlInfo}).
   *
   * @param info the {@link SqlInfo} ids (or custom ones from 10,000) wanted; none for all
   * @return where to fetch it
   */
  public FlightInfo getSqlInfo(int... info) {
    return calls.info(GetSqlInfo.of(info));
  }

  /**
   * Server metadata ({@code CommandGetSqlInfo}) with call options.
   *
   * @param info the ids wanted; empty for all; not null
   * @param options the call options
   * @return where to fetch it
   */
  public FlightInfo getSqlInfo(List<Integer> info, FlightCallOptions... options) {
    return calls.info(new GetSqlInfo(info), options);
  }

  /**
   * The schema of {@link #getSqlInfo}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getSqlInfoSchema(FlightCallOptions... options) {
    return calls.schema(GetSqlInfo.of(), options);
  }

  /**
   * The data types the server supports ({@code CommandGetXdbcTypeInfo}).
   *
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getXdbcTypeInfo(FlightCallOptions... options) {
    return calls.info(new GetXdbcTypeInfo(), options);
  }

  /**
   * The server's information on one data type ({@code CommandGetXdbcTypeInfo}).
   *
   * @param dataType the XDBC data type
   * @param options the call options
   * @return where to fetch it
   */
  public FlightInfo getXdbcTypeInfo(int dataType, FlightCallOptions... options) {
    return calls.info(new GetXdbcTypeInfo(dataType), options);
  }

  /**
   * The schema of {@link #getXdbcTypeInfo}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getXdbcTypeInfoSchema(FlightCallOptions... options) {
    return calls.schema(new GetXdbcTypeInfo(), options);
  }

  /**
   * The catalogs ({@code CommandGetCatalogs}).
   *
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getCatalogs(FlightCallOptions... options) {
    return calls.info(new GetCatalogs(), options);
  }

  /**
   * The schema of {@link #getCatalogs}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getCatalogsSchema(FlightCallOptions... options) {
    return calls.schema(new GetCatalogs(), options);
  }

  /**
   * The database schemas ({@code CommandGetDbSchemas}).
   *
   * @param catalog the catalog, "" for none, or null for all
   * @param dbSchemaFilterPattern the pattern names must match, or null for all
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getDbSchemas(String catalog, String dbSchemaFilterPattern, FlightCallOptions... options) {
    return calls.info(new GetDbSchemas(catalog, dbSchemaFilterPattern), options);
  }

  /**
   * The schema of {@link #getDbSchemas}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getDbSchemasSchema(FlightCallOptions... options) {
    return calls.schema(new GetDbSchemas(null, null), options);
  }

  /**
   * The tables ({@code CommandGetTables}).
   *
   * @param catalog the catalog, "" for none, or null for all
   * @param dbSchemaFilterPattern the pattern schema names must match, or null for all
   * @param tableFilterPattern the pattern table names must match, or null for all
   * @param tableTypes the table types to list, or null (or empty) for all
   * @param includeSchema whether the result carries each table's IPC-serialized schema
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getTables(String catalog, String dbSchemaFilterPattern, String tableFilterPattern,
      List<String> tableTypes, boolean includeSchema, FlightCallOptions... options) {
    return calls.info(new GetTables(catalog, dbSchemaFilterPattern, tableFilterPattern,
        tableTypes == null ? List.of() : tableTypes, includeSchema), options);
  }

  /**
   * The schema of {@link #getTables}'s result.
   *
   * @param includeSchema whether the result would carry each table's schema
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getTablesSchema(boolean includeSchema, FlightCallOptions... options) {
    return calls.schema(new GetTables(null, null, null, List.of(), includeSchema), options);
  }

  /**
   * The table types ({@code CommandGetTableTypes}).
   *
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getTableTypes(FlightCallOptions... options) {
    return calls.info(new GetTableTypes(), options);
  }

  /**
   * The schema of {@link #getTableTypes}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getTableTypesSchema(FlightCallOptions... options) {
    return calls.schema(new GetTableTypes(), options);
  }

  /**
   * A table's primary key ({@code CommandGetPrimaryKeys}).
   *
   * @param table the table; not null
   * @param options the call options
   * @return where to fetch it
   */
  public FlightInfo getPrimaryKeys(TableRef table, FlightCallOptions... options) {
    return calls.info(new GetPrimaryKeys(table.catalog(), table.dbSchema(), table.table()), options);
  }

  /**
   * The schema of {@link #getPrimaryKeys}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getPrimaryKeysSchema(FlightCallOptions... options) {
    return calls.schema(new GetPrimaryKeys(null, null, ""), options);
  }

  /**
   * The foreign keys that reference a table's primary key ({@code CommandGetExportedKeys}).
   *
   * @param table the table; not null
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getExportedKeys(TableRef table, FlightCallOptions... options) {
    return calls.info(new GetExportedKeys(table.catalog(), table.dbSchema(), table.table()), options);
  }

  /**
   * The schema of {@link #getExportedKeys}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getExportedKeysSchema(FlightCallOptions... options) {
    return calls.schema(new GetExportedKeys(null, null, ""), options);
  }

  /**
   * A table's foreign keys ({@code CommandGetImportedKeys}).
   *
   * @param table the table; not null
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getImportedKeys(TableRef table, FlightCallOptions... options) {
    return calls.info(new GetImportedKeys(table.catalog(), table.dbSchema(), table.table()), options);
  }

  /**
   * The schema of {@link #getImportedKeys}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getImportedKeysSchema(FlightCallOptions... options) {
    return calls.schema(new GetImportedKeys(null, null, ""), options);
  }

  /**
   * The foreign keys of {@code fkTable} that reference {@code pkTable} ({@code CommandGetCrossReference}).
   *
   * @param pkTable the parent table; not null
   * @param fkTable the foreign-key table; not null
   * @param options the call options
   * @return where to fetch them
   */
  public FlightInfo getCrossReference(TableRef pkTable, TableRef fkTable, FlightCallOptions... options) {
    return calls.info(new GetCrossReference(pkTable.catalog(), pkTable.dbSchema(), pkTable.table(),
        fkTable.catalog(), fkTable.dbSchema(), fkTable.table()), options);
  }

  /**
   * The schema of {@link #getCrossReference}'s result.
   *
   * @param options the call options
   * @return the schema
   */
  public SchemaResult getCrossReferenceSchema(FlightCallOptions... options) {
    return calls.schema(new GetCrossReference(null, null, "", null, null, ""), options);
  }

  // ------------------------------------------------------------------ transactions

  /**
   * Begins a transaction (action {@value FlightSqlActions#BEGIN_TRANSACTION}).
   *
   * @param options the call options
   * @return the transaction
   * @throws FlightInternalError when the server's answer is not one result with a non-empty id
   */
  public Transaction beginTransaction(FlightCallOptions... options) {
    String type = FlightSqlActions.BEGIN_TRANSACTION;
    byte[] result = calls.singleResult(type, new BeginTransactionRequest().toBytes(), options);
    byte[] id = SqlCalls.parse(type, result, BeginTransactionResult::parse).transactionId();
    return new Transaction(SqlCalls.nonEmpty(type, id));
  }

  /**
   * Commits a transaction (action {@value FlightSqlActions#END_TRANSACTION}).
   *
   * @param transaction the transaction; not null
   * @param options the call options
   */
  public void commit(Transaction transaction, FlightCallOptions... options) {
    endTransaction(transaction, EndTransaction.COMMIT, options);
  }

  /**
   * Rolls a transaction back (action {@value FlightSqlActions#END_TRANSACTION}).
   *
   * @param transaction the transaction; not null
   * @param options the call options
   */
  public void rollback(Transaction transaction, FlightCallOptions... options) {
    endTransaction(transaction, EndTransaction.ROLLBACK, options);
  }

  private void endTransaction(Transaction t, EndTransaction action, FlightCallOptions... options) {
    calls.action(FlightSqlActions.END_TRANSACTION,
        new EndTransactionRequest(t.transactionId(), action).toBytes(), -1, options);
  }

  /**
   * Creates a savepoint (action {@value FlightSqlActions#BEGIN_SAVEPOINT}).
   *
   * @param transaction the transaction; not null
   * @param name the savepoint's name; not null
   * @param options the call options
   * @return the savepoint
   * @throws FlightInternalError when the server's answer is not one result with a non-empty id
   */
  public Savepoint beginSavepoint(Transaction transaction, String name, FlightCallOptions... options) {
    String type = FlightSqlActions.BEGIN_SAVEPOINT;
    byte[] body = new BeginSavepointRequest(transaction.transactionId(), name).toBytes();
    byte[] id = SqlCalls.parse(type, calls.singleResult(type, body, options), BeginSavepointResult::parse)
        .savepointId();
    return new Savepoint(SqlCalls.nonEmpty(type, id));
  }

  /**
   * Releases a savepoint (action {@value FlightSqlActions#END_SAVEPOINT}).
   *
   * @param savepoint the savepoint; not null
   * @param options the call options
   */
  public void release(Savepoint savepoint, FlightCallOptions... options) {
    endSavepoint(savepoint, EndSavepoint.RELEASE, options);
  }

  /**
   * Rolls back to a savepoint (action {@value FlightSqlActions#END_SAVEPOINT}).
   *
   * @param savepoint the savepoint; not null
   * @param options the call options
   */
  public void rollback(Savepoint savepoint, FlightCallOptions... options) {
    endSavepoint(savepoint, EndSavepoint.ROLLBACK, options);
  }

  private void endSavepoint(Savepoint s, EndSavepoint action, FlightCallOptions... options) {
    calls.action(FlightSqlActions.END_SAVEPOINT, new EndSavepointRequest(s.savepointId(), action).toBytes(), -1,
        options);
  }

  /**
   * Asks the server to cancel a query (action {@value FlightSqlActions#CANCEL_QUERY}, which the
   * protocol deprecates in favour of {@link FlightClient#cancelFlightInfo}).
   *
   * @param info the query's FlightInfo; not null
   * @param options the call options
   * @return what the server did
   */
  public CancelResult cancelQuery(FlightInfo info, FlightCallOptions... options) {
    String type = FlightSqlActions.CANCEL_QUERY;
    byte[] body = new CancelQueryRequest(Protos.toProto(info).toByteArray()).toBytes();
    return SqlCalls.parse(type, calls.singleResult(type, body, options), CancelQueryResult::parse).result();
  }
}
