package dev.flightwire.internal.integration;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.GeneratorStream;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.sql.BeginSavepointRequest;
import dev.flightwire.sql.BeginSavepointResult;
import dev.flightwire.sql.BeginTransactionRequest;
import dev.flightwire.sql.BeginTransactionResult;
import dev.flightwire.sql.CancelQueryRequest;
import dev.flightwire.sql.CancelQueryResult;
import dev.flightwire.sql.CancelResult;
import dev.flightwire.sql.ClosePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementResult;
import dev.flightwire.sql.CreatePreparedSubstraitPlanRequest;
import dev.flightwire.sql.DoPutPreparedStatementResult;
import dev.flightwire.sql.EndSavepointRequest;
import dev.flightwire.sql.EndTransactionRequest;
import dev.flightwire.sql.FlightSqlCommand;
import dev.flightwire.sql.FlightSqlSchemas;
import dev.flightwire.sql.FlightSqlServerBase;
import dev.flightwire.sql.GetCatalogs;
import dev.flightwire.sql.GetCrossReference;
import dev.flightwire.sql.GetDbSchemas;
import dev.flightwire.sql.GetExportedKeys;
import dev.flightwire.sql.GetImportedKeys;
import dev.flightwire.sql.GetPrimaryKeys;
import dev.flightwire.sql.GetSqlInfo;
import dev.flightwire.sql.GetTableTypes;
import dev.flightwire.sql.GetTables;
import dev.flightwire.sql.GetXdbcTypeInfo;
import dev.flightwire.sql.PreparedStatementQuery;
import dev.flightwire.sql.PreparedStatementUpdate;
import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.SqlInfoBuilder;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.StatementQuery;
import dev.flightwire.sql.StatementSubstraitPlan;
import dev.flightwire.sql.StatementUpdate;
import dev.flightwire.sql.SubstraitPlan;
import dev.flightwire.sql.TableDefinitionOptions;
import dev.flightwire.sql.TicketStatementQuery;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The fixed Flight SQL service of Arrow's {@code flight_sql}, {@code flight_sql:extension} and
 * {@code flight_sql:ingestion} scenarios: it checks that every command arrives with the values
 * the scenario's client sends (INVALID_ARGUMENT naming the difference otherwise) and answers
 * constant handles, ids and row counts, and result streams of one empty batch with the expected
 * schema:
 * <ul>
 *   <li>queries: "SELECT STATEMENT", the Substrait plan "plan" (version "version"), the prepared
 *       "SELECT PREPARED STATEMENT" and the prepared plan: handles "SELECT STATEMENT HANDLE",
 *       "PLAN HANDLE", "SELECT PREPARED STATEMENT HANDLE", "PREPARED PLAN HANDLE", each with
 *       " WITH TXN" before " HANDLE" inside the transaction "transaction_id"; their results have
 *       {@link #querySchema()} outside it and {@link #queryWithTransactionSchema()} inside;
 *   <li>updates: "UPDATE STATEMENT" and the plan count 10000 rows (15000 in the transaction),
 *       the prepared "UPDATE PREPARED STATEMENT" and the prepared plan 20000 (25000);
 *   <li>bound parameters must have {@link #querySchema()}; the handle stays (no PutResult);
 *   <li>savepoint "savepoint_name" of the transaction gets id "savepoint_id"; CancelQuery of the
 *       plan's FlightInfo answers CANCELLED;
 *   <li>metadata commands must carry catalog "catalog", schema "db_schema" or pattern
 *       "db_schema_filter_pattern", table "table" or pattern "table_filter_pattern", table types
 *       ["table", "view"] (the cross reference: "pk_"/"fk_" prefixed); GetSqlInfo of exactly
 *       [FLIGHT_SQL_SERVER_NAME, FLIGHT_SQL_SERVER_READ_ONLY] answers an empty batch, any other
 *       the values of {@link #sqlInfo()};
 *   <li>ingestion: table "test_table" in "test_catalog"."test_schema", temporary, transaction "123",
 *       create if missing and replace if present, options {key1: val1, key2: val2}, rows of
 *       {@link #ingestSchema()}: answers the number of rows received.
 * </ul>
 */
class FlightSqlScenarioServer extends FlightSqlServerBase {
  static final long UPDATE_STATEMENT_EXPECTED_ROWS = 10000L;
  static final long UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS = 15000L;
  static final long UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS = 20000L;
  static final long UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS = 25000L;
  static final byte[] SAVEPOINT_ID = bytes("savepoint_id");
  static final String SAVEPOINT_NAME = "savepoint_name";
  static final SubstraitPlan SUBSTRAIT_PLAN = new SubstraitPlan(bytes("plan"), "version");
  static final byte[] TRANSACTION_ID = bytes("transaction_id");
  static final byte[] BULK_INGEST_TRANSACTION_ID = bytes("123");
  static final String SERVER_NAME = "Flight SQL Integration Test Server";

  private static final Set<String> SELECT_HANDLES = Set.of("SELECT PREPARED STATEMENT HANDLE",
      "SELECT PREPARED STATEMENT WITH TXN HANDLE", "PREPARED PLAN HANDLE", "PREPARED PLAN WITH TXN HANDLE");
  private static final Set<String> ALL_PREPARED_HANDLES = Set.of("SELECT PREPARED STATEMENT HANDLE",
      "SELECT PREPARED STATEMENT WITH TXN HANDLE", "UPDATE PREPARED STATEMENT HANDLE",
      "UPDATE PREPARED STATEMENT WITH TXN HANDLE", "PREPARED PLAN HANDLE", "PREPARED PLAN WITH TXN HANDLE");

  private final SqlInfoBuilder info;

  /**
   * @param allocator where results are allocated; borrowed
   * @param ingestion whether the server also says it supports bulk ingestion, in transactions
   *     ({@code flight_sql:ingestion})
   */
  FlightSqlScenarioServer(BufferAllocator allocator, boolean ingestion) {
    super(allocator);
    info = new SqlInfoBuilder()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, SERVER_NAME)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SQL, false)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, true)
        .withString(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION, "min_version")
        .withString(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION, "max_version")
        // SQL_SUPPORTED_TRANSACTION_SAVEPOINT
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 2)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, true)
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT, 42)
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT, 7);
    if (ingestion) {
      info.withBoolean(SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED, true)
          .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, true);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> columnMetadata() {
    // Arrow's FlightSqlColumnMetadata keys; booleans are "1" and "0"
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ARROW:FLIGHT:SQL:TABLE_NAME", "test");
    m.put("ARROW:FLIGHT:SQL:IS_AUTO_INCREMENT", "1");
    m.put("ARROW:FLIGHT:SQL:IS_CASE_SENSITIVE", "0");
    m.put("ARROW:FLIGHT:SQL:TYPE_NAME", "type_test");
    m.put("ARROW:FLIGHT:SQL:SCHEMA_NAME", "schema_test");
    m.put("ARROW:FLIGHT:SQL:IS_SEARCHABLE", "1");
    m.put("ARROW:FLIGHT:SQL:CATALOG_NAME", "catalog_test");
    m.put("ARROW:FLIGHT:SQL:PRECISION", "100");
    m.put("ARROW:FLIGHT:SQL:REMARKS", "test column");
    return m;
  }

  /** The result of the queries outside the transaction: nullable int64 "id" with column metadata. */
  static Schema querySchema() {
    return new Schema(List.of(new Field("id",
        new FieldType(true, new ArrowType.Int(64, true), null, columnMetadata()), null)));
  }

  /** The result of the queries in the transaction: nullable int32 "pkey" with the same metadata. */
  static Schema queryWithTransactionSchema() {
    return new Schema(List.of(new Field("pkey",
        new FieldType(true, new ArrowType.Int(32, true), null, columnMetadata()), null)));
  }

  /** The rows the ingestion scenario loads: nullable int64 "test_field". */
  static Schema ingestSchema() {
    return new Schema(List.of(Field.nullable("test_field", new ArrowType.Int(64, true))));
  }

  private static boolean inTransaction(byte[] transactionId) {
    return transactionId != null && transactionId.length > 0;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void expect(Object expected, Object actual, String what) {
    if (!Objects.deepEquals(expected, actual)) {
      throw new FlightInvalidArgumentError(what + ": expected " + show(expected) + ", got " + show(actual));
    }
  }

  private static String show(Object o) {
    return o instanceof byte[] b ? "'" + text(b) + "'" : String.valueOf(o);
  }

  private static void expectPlan(SubstraitPlan plan) {
    expect(SUBSTRAIT_PLAN.plan(), plan.plan(), "Substrait plan");
    expect(SUBSTRAIT_PLAN.version(), plan.version(), "Substrait version");
  }

  private FlightDataStream emptyBatch(Schema schema) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator());
    root.setRowCount(0);
    return new GeneratorStream(schema, List.of(FlightStreamChunk.owning(root, null)));
  }

  private static FlightInfo info(byte[] ticket, FlightDescriptor descriptor, Schema schema) {
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(ticket))));
  }

  private static FlightInfo statementInfo(String handle, FlightDescriptor descriptor, Schema schema) {
    return info(new TicketStatementQuery(bytes(handle)).toBytes(), descriptor, schema);
  }

  private static FlightInfo commandInfo(FlightSqlCommand command, FlightDescriptor descriptor) {
    return info(command.toBytes(), descriptor, FlightSqlSchemas.of(command));
  }

  // ------------------------------------------------------------------ queries

  @Override
  protected FlightInfo getFlightInfoStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    expect("SELECT STATEMENT", command.query(), "query");
    return inTransaction(command.transactionId())
        ? statementInfo("SELECT STATEMENT WITH TXN HANDLE", descriptor, queryWithTransactionSchema())
        : statementInfo("SELECT STATEMENT HANDLE", descriptor, querySchema());
  }

  @Override
  protected FlightInfo getFlightInfoSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
      FlightDescriptor descriptor) {
    expectPlan(command.plan());
    // Arrow's scenario servers announce the query schema in both cases; the stream tells them apart
    return statementInfo(inTransaction(command.transactionId()) ? "PLAN WITH TXN HANDLE" : "PLAN HANDLE",
        descriptor, querySchema());
  }

  @Override
  protected FlightInfo getFlightInfoPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    return info(command.toBytes(), descriptor, preparedSchema(command.preparedStatementHandle()));
  }

  private static Schema preparedSchema(byte[] handleBytes) {
    String handle = text(handleBytes);
    switch (handle) {
      case "SELECT PREPARED STATEMENT HANDLE":
      case "PREPARED PLAN HANDLE":
        return querySchema();
      case "SELECT PREPARED STATEMENT WITH TXN HANDLE":
      case "PREPARED PLAN WITH TXN HANDLE":
        return queryWithTransactionSchema();
      default:
        throw new FlightInvalidArgumentError("Unknown handle: " + handle);
    }
  }

  @Override
  protected SchemaResult getSchemaStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    expect("SELECT STATEMENT", command.query(), "query");
    return new SchemaResult(inTransaction(command.transactionId()) ? queryWithTransactionSchema() : querySchema());
  }

  @Override
  protected SchemaResult getSchemaSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
      FlightDescriptor descriptor) {
    expectPlan(command.plan());
    return new SchemaResult(inTransaction(command.transactionId()) ? queryWithTransactionSchema() : querySchema());
  }

  @Override
  protected SchemaResult getSchemaPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    return new SchemaResult(preparedSchema(command.preparedStatementHandle()));
  }

  @Override
  protected FlightDataStream doGetStatement(ServerCallContext context, TicketStatementQuery ticket) {
    String handle = text(ticket.statementHandle());
    switch (handle) {
      case "SELECT STATEMENT HANDLE":
      case "PLAN HANDLE":
        return emptyBatch(querySchema());
      case "SELECT STATEMENT WITH TXN HANDLE":
      case "PLAN WITH TXN HANDLE":
        return emptyBatch(queryWithTransactionSchema());
      default:
        throw new FlightInvalidArgumentError("Unknown handle: " + handle);
    }
  }

  @Override
  protected FlightDataStream doGetPreparedStatement(ServerCallContext context, PreparedStatementQuery command) {
    return emptyBatch(preparedSchema(command.preparedStatementHandle()));
  }

  // ------------------------------------------------------------------ updates and uploads

  @Override
  protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command, FlightStreamReader reader) {
    expect("UPDATE STATEMENT", command.query(), "update");
    return inTransaction(command.transactionId())
        ? UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS : UPDATE_STATEMENT_EXPECTED_ROWS;
  }

  @Override
  protected long doPutSubstraitPlanUpdate(ServerCallContext context, StatementSubstraitPlan command,
      FlightStreamReader reader) {
    expectPlan(command.plan());
    return inTransaction(command.transactionId())
        ? UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS : UPDATE_STATEMENT_EXPECTED_ROWS;
  }

  @Override
  protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
      FlightStreamReader reader) {
    String handle = text(command.preparedStatementHandle());
    switch (handle) {
      case "UPDATE PREPARED STATEMENT HANDLE":
      case "PREPARED PLAN HANDLE":
        return UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS;
      case "UPDATE PREPARED STATEMENT WITH TXN HANDLE":
      case "PREPARED PLAN WITH TXN HANDLE":
        return UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS;
      default:
        throw new FlightInvalidArgumentError("Unknown handle: " + handle);
    }
  }

  @Override
  protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
      PreparedStatementQuery command, FlightStreamReader reader) {
    String handle = text(command.preparedStatementHandle());
    if (!SELECT_HANDLES.contains(handle)) {
      throw new FlightInvalidArgumentError("Unknown handle: " + handle);
    }
    expect(querySchema(), reader.schema(), "schema of the parameters");
    while (reader.next()) {
      // the parameters are only checked for their schema
    }
    return null;
  }

  @Override
  protected long doPutStatementIngest(ServerCallContext context, StatementIngest command, FlightStreamReader reader) {
    expect(new TableDefinitionOptions(TableDefinitionOptions.TableNotExistOption.CREATE,
        TableDefinitionOptions.TableExistsOption.REPLACE), command.tableDefinitionOptions(), "table definition options");
    expect("test_table", command.table(), "table");
    expect("test_catalog", command.catalog(), "catalog");
    expect("test_schema", command.schema(), "schema");
    expect(true, command.temporary(), "temporary");
    expect(BULK_INGEST_TRANSACTION_ID, command.transactionId(), "transaction id");
    expect(Map.of("key1", "val1", "key2", "val2"), command.options(), "options");
    expect(ingestSchema(), reader.schema(), "schema of the rows");
    long rows = 0;
    while (reader.next()) {
      rows += reader.root().getRowCount();
    }
    return rows;
  }

  // ------------------------------------------------------------------ actions

  @Override
  protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
      CreatePreparedStatementRequest request) {
    String query = request.query();
    if (!query.equals("SELECT PREPARED STATEMENT") && !query.equals("UPDATE PREPARED STATEMENT")) {
      throw new FlightInvalidArgumentError("unexpected query to prepare: " + query);
    }
    String handle = query + (inTransaction(request.transactionId()) ? " WITH TXN" : "") + " HANDLE";
    return new CreatePreparedStatementResult(bytes(handle), new byte[0], new byte[0]);
  }

  @Override
  protected CreatePreparedStatementResult createPreparedSubstraitPlan(ServerCallContext context,
      CreatePreparedSubstraitPlanRequest request) {
    expectPlan(request.plan());
    String handle = inTransaction(request.transactionId()) ? "PREPARED PLAN WITH TXN HANDLE" : "PREPARED PLAN HANDLE";
    return new CreatePreparedStatementResult(bytes(handle), new byte[0], new byte[0]);
  }

  @Override
  protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
    String handle = text(request.preparedStatementHandle());
    if (!ALL_PREPARED_HANDLES.contains(handle)) {
      throw new FlightInvalidArgumentError("Unknown handle: " + handle);
    }
  }

  @Override
  protected BeginTransactionResult beginTransaction(ServerCallContext context, BeginTransactionRequest request) {
    return new BeginTransactionResult(TRANSACTION_ID);
  }

  @Override
  protected BeginSavepointResult beginSavepoint(ServerCallContext context, BeginSavepointRequest request) {
    expect(SAVEPOINT_NAME, request.name(), "savepoint name");
    expect(TRANSACTION_ID, request.transactionId(), "transaction id");
    return new BeginSavepointResult(SAVEPOINT_ID);
  }

  @Override
  protected void endTransaction(ServerCallContext context, EndTransactionRequest request) {
    expect(TRANSACTION_ID, request.transactionId(), "transaction id");
  }

  @Override
  protected void endSavepoint(ServerCallContext context, EndSavepointRequest request) {
    expect(SAVEPOINT_ID, request.savepointId(), "savepoint id");
  }

  @Override
  protected CancelQueryResult cancelQuery(ServerCallContext context, CancelQueryRequest request) {
    FlightInfo query = request.flightInfo();
    expect(1, query.endpoints().size(), "number of endpoints of the query to cancel");
    FlightSqlCommand ticket = FlightSqlCommand.parse(query.endpoints().get(0).ticket().ticket());
    if (!(ticket instanceof TicketStatementQuery t)) {
      throw new FlightInvalidArgumentError("Expected TicketStatementQuery, found " + ticket);
    }
    expect(bytes("PLAN HANDLE"), t.statementHandle(), "ticket of the query to cancel");
    return new CancelQueryResult(CancelResult.CANCELLED);
  }

  // ------------------------------------------------------------------ metadata

  @Override
  protected SqlInfoBuilder sqlInfo() {
    return info;
  }

  @Override
  protected FlightDataStream doGetSqlInfo(ServerCallContext context, GetSqlInfo command) {
    if (command.info().equals(List.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY))) {
      // the protocol test of flight_sql: only the command and the schema are checked
      return emptyBatch(FlightSqlSchemas.GET_SQL_INFO);
    }
    return info.stream(allocator(), command);
  }

  @Override
  protected FlightInfo getFlightInfoTypeInfo(ServerCallContext context, GetXdbcTypeInfo command,
      FlightDescriptor descriptor) {
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetTypeInfo(ServerCallContext context, GetXdbcTypeInfo command) {
    return emptyBatch(FlightSqlSchemas.GET_XDBC_TYPE_INFO);
  }

  @Override
  protected FlightInfo getFlightInfoCatalogs(ServerCallContext context, GetCatalogs command,
      FlightDescriptor descriptor) {
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
    return emptyBatch(FlightSqlSchemas.GET_CATALOGS);
  }

  @Override
  protected FlightInfo getFlightInfoSchemas(ServerCallContext context, GetDbSchemas command,
      FlightDescriptor descriptor) {
    expect("catalog", command.catalog(), "catalog");
    expect("db_schema_filter_pattern", command.dbSchemaFilterPattern(), "db_schema_filter_pattern");
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetDbSchemas(ServerCallContext context, GetDbSchemas command) {
    return emptyBatch(FlightSqlSchemas.GET_DB_SCHEMAS);
  }

  @Override
  protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command,
      FlightDescriptor descriptor) {
    expect("catalog", command.catalog(), "catalog");
    expect("db_schema_filter_pattern", command.dbSchemaFilterPattern(), "db_schema_filter_pattern");
    expect("table_filter_pattern", command.tableNameFilterPattern(), "table_name_filter_pattern");
    expect(List.of("table", "view"), command.tableTypes(), "table_types");
    expect(true, command.includeSchema(), "include_schema");
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
    return emptyBatch(FlightSqlSchemas.of(command));
  }

  @Override
  protected FlightInfo getFlightInfoTableTypes(ServerCallContext context, GetTableTypes command,
      FlightDescriptor descriptor) {
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetTableTypes(ServerCallContext context, GetTableTypes command) {
    return emptyBatch(FlightSqlSchemas.GET_TABLE_TYPES);
  }

  private static void expectTable(String catalog, String dbSchema, String table) {
    expect("catalog", catalog, "catalog");
    expect("db_schema", dbSchema, "db_schema");
    expect("table", table, "table");
  }

  @Override
  protected FlightInfo getFlightInfoPrimaryKeys(ServerCallContext context, GetPrimaryKeys command,
      FlightDescriptor descriptor) {
    expectTable(command.catalog(), command.dbSchema(), command.table());
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetPrimaryKeys(ServerCallContext context, GetPrimaryKeys command) {
    return emptyBatch(FlightSqlSchemas.GET_PRIMARY_KEYS);
  }

  @Override
  protected FlightInfo getFlightInfoExportedKeys(ServerCallContext context, GetExportedKeys command,
      FlightDescriptor descriptor) {
    expectTable(command.catalog(), command.dbSchema(), command.table());
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetExportedKeys(ServerCallContext context, GetExportedKeys command) {
    return emptyBatch(FlightSqlSchemas.GET_KEYS);
  }

  @Override
  protected FlightInfo getFlightInfoImportedKeys(ServerCallContext context, GetImportedKeys command,
      FlightDescriptor descriptor) {
    expectTable(command.catalog(), command.dbSchema(), command.table());
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetImportedKeys(ServerCallContext context, GetImportedKeys command) {
    return emptyBatch(FlightSqlSchemas.GET_KEYS);
  }

  @Override
  protected FlightInfo getFlightInfoCrossReference(ServerCallContext context, GetCrossReference command,
      FlightDescriptor descriptor) {
    expect("pk_catalog", command.pkCatalog(), "pk_catalog");
    expect("pk_db_schema", command.pkDbSchema(), "pk_db_schema");
    expect("pk_table", command.pkTable(), "pk_table");
    expect("fk_catalog", command.fkCatalog(), "fk_catalog");
    expect("fk_db_schema", command.fkDbSchema(), "fk_db_schema");
    expect("fk_table", command.fkTable(), "fk_table");
    return commandInfo(command, descriptor);
  }

  @Override
  protected FlightDataStream doGetCrossReference(ServerCallContext context, GetCrossReference command) {
    return emptyBatch(FlightSqlSchemas.GET_KEYS);
  }
}
