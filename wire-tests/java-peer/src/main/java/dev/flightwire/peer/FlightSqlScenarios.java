package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.CancelResult;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.util.TableRef;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Arrow's Flight SQL integration scenarios, {@code flight_sql}, {@code flight_sql:extension} and
 * {@code flight_sql:ingestion}, on Arrow Java's flight-sql 18.3.0 ({@link FlightSqlProducer} and
 * {@link FlightSqlClient}), written from the scenarios' definitions in Arrow's sources.
 *
 * <p>Server: a fixed producer that checks each command carries what the scenario's client sends
 * (INVALID_ARGUMENT naming the difference otherwise) and answers constants: statement handles
 * "SELECT STATEMENT HANDLE", "PLAN HANDLE", prepared handles "&lt;query&gt; HANDLE" and "PREPARED
 * PLAN HANDLE" (" WITH TXN" before " HANDLE" in a transaction); result streams of one empty batch
 * of {@link #querySchema()} (int64 "id") outside the transaction "transaction_id" and
 * {@link #queryWithTransactionSchema()} (int32 "pkey") inside, both with the same column
 * metadata; updates 10000 rows (15000 in the transaction), prepared updates 20000 (25000);
 * savepoint "savepoint_name" gets id "savepoint_id"; CancelQuery of the plan's FlightInfo
 * answers CANCELLED; GetSqlInfo of exactly [SERVER_NAME, READ_ONLY] answers an empty batch,
 * any other the server's information (SQL false, Substrait true with "min_version" and
 * "max_version", savepoint transactions, cancel true, timeouts 42 and 7, plus bulk ingestion and
 * ingestion in transactions in {@code flight_sql:ingestion}); ingestion into temporary
 * test_catalog.test_schema.test_table in transaction "123" with create/replace and options
 * key1=val1, key2=val2 answers the number of rows received.
 *
 * <p>Clients: as Arrow's, a result is checked by the schema of the stream of its first
 * endpoint's ticket and by GetSchema; ids and counts exactly. Beyond Arrow: the extension
 * scenario's GetSqlInfo must also hold no id twice (Arrow's check) and the ticket of the basic
 * GetSqlInfo must be the command asked.
 */
final class FlightSqlScenarios {
  private FlightSqlScenarios() {}

  static final long UPDATE_STATEMENT_EXPECTED_ROWS = 10000L;
  static final long UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS = 15000L;
  static final long UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS = 20000L;
  static final long UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS = 25000L;
  static final byte[] SAVEPOINT_ID = utf8("savepoint_id");
  static final String SAVEPOINT_NAME = "savepoint_name";
  static final byte[] SUBSTRAIT_PLAN_TEXT = utf8("plan");
  static final String SUBSTRAIT_VERSION = "version";
  static final FlightSqlClient.SubstraitPlan SUBSTRAIT_PLAN =
      new FlightSqlClient.SubstraitPlan(SUBSTRAIT_PLAN_TEXT, SUBSTRAIT_VERSION);
  static final byte[] TRANSACTION_ID = utf8("transaction_id");
  static final byte[] BULK_INGEST_TRANSACTION_ID = utf8("123");

  private static Map<String, String> columnMetadata() {
    return new FlightSqlColumnMetadata.Builder()
        .tableName("test")
        .isAutoIncrement(true)
        .isCaseSensitive(false)
        .typeName("type_test")
        .schemaName("schema_test")
        .isSearchable(true)
        .catalogName("catalog_test")
        .precision(100)
        .remarks("test column")
        .build()
        .getMetadataMap();
  }

  static Schema querySchema() {
    return new Schema(List.of(new Field("id",
        new FieldType(true, new ArrowType.Int(64, true), null, columnMetadata()), null)));
  }

  static Schema queryWithTransactionSchema() {
    return new Schema(List.of(new Field("pkey",
        new FieldType(true, new ArrowType.Int(32, true), null, columnMetadata()), null)));
  }

  static Schema ingestSchema() {
    return new Schema(List.of(Field.nullable("test_field", new ArrowType.Int(64, true))));
  }

  // ------------------------------------------------------------------ the scenarios

  /** {@code flight_sql}. */
  static final class Basic implements IntegrationScenario {
    @Override
    public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
      return new Producer(allocator, false);
    }

    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client)
        throws Exception {
      FlightSqlClient sql = new FlightSqlClient(client);
      metadata(sql);
      step("statement query");
      validate(sql, querySchema(), sql.execute("SELECT STATEMENT"), "statement query", null);
      validateSchema(querySchema(), sql.getExecuteSchema("SELECT STATEMENT"), "statement query");
      step("statement update");
      checkEqual("rows of the update", UPDATE_STATEMENT_EXPECTED_ROWS,
          sql.executeUpdate("UPDATE STATEMENT"));
      step("prepared query");
      try (FlightSqlClient.PreparedStatement s = sql.prepare("SELECT PREPARED STATEMENT");
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, querySchema(), s.execute(), "prepared query", null);
        validateSchema(querySchema(), s.fetchSchema(), "prepared query");
      }
      step("prepared update");
      try (FlightSqlClient.PreparedStatement s = sql.prepare("UPDATE PREPARED STATEMENT")) {
        checkEqual("rows of the prepared update", UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS,
            s.executeUpdate());
      }
    }

    private static void metadata(FlightSqlClient sql) throws Exception {
      step("GetCatalogs");
      validate(sql, FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, sql.getCatalogs(), "GetCatalogs",
          null);
      validateSchema(FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, sql.getCatalogsSchema(),
          "GetCatalogs");
      step("GetDbSchemas");
      validate(sql, FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA,
          sql.getSchemas("catalog", "db_schema_filter_pattern"), "GetDbSchemas", null);
      validateSchema(FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, sql.getSchemasSchema(),
          "GetDbSchemas");
      step("GetTables");
      validate(sql, FlightSqlProducer.Schemas.GET_TABLES_SCHEMA,
          sql.getTables("catalog", "db_schema_filter_pattern", "table_filter_pattern",
              List.of("table", "view"), true),
          "GetTables", null);
      validateSchema(FlightSqlProducer.Schemas.GET_TABLES_SCHEMA, sql.getTablesSchema(true),
          "GetTables with include_schema");
      validateSchema(FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
          sql.getTablesSchema(false), "GetTables without include_schema");
      step("GetTableTypes");
      validate(sql, FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, sql.getTableTypes(),
          "GetTableTypes", null);
      validateSchema(FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, sql.getTableTypesSchema(),
          "GetTableTypes");
      TableRef table = TableRef.of("catalog", "db_schema", "table");
      step("GetPrimaryKeys");
      validate(sql, FlightSqlProducer.Schemas.GET_PRIMARY_KEYS_SCHEMA, sql.getPrimaryKeys(table),
          "GetPrimaryKeys", null);
      validateSchema(FlightSqlProducer.Schemas.GET_PRIMARY_KEYS_SCHEMA,
          sql.getPrimaryKeysSchema(), "GetPrimaryKeys");
      step("GetExportedKeys");
      validate(sql, FlightSqlProducer.Schemas.GET_EXPORTED_KEYS_SCHEMA, sql.getExportedKeys(table),
          "GetExportedKeys", null);
      validateSchema(FlightSqlProducer.Schemas.GET_EXPORTED_KEYS_SCHEMA,
          sql.getExportedKeysSchema(), "GetExportedKeys");
      step("GetImportedKeys");
      validate(sql, FlightSqlProducer.Schemas.GET_IMPORTED_KEYS_SCHEMA, sql.getImportedKeys(table),
          "GetImportedKeys", null);
      validateSchema(FlightSqlProducer.Schemas.GET_IMPORTED_KEYS_SCHEMA,
          sql.getImportedKeysSchema(), "GetImportedKeys");
      step("GetCrossReference");
      validate(sql, FlightSqlProducer.Schemas.GET_CROSS_REFERENCE_SCHEMA,
          sql.getCrossReference(TableRef.of("pk_catalog", "pk_db_schema", "pk_table"),
              TableRef.of("fk_catalog", "fk_db_schema", "fk_table")),
          "GetCrossReference", null);
      validateSchema(FlightSqlProducer.Schemas.GET_CROSS_REFERENCE_SCHEMA,
          sql.getCrossReferenceSchema(), "GetCrossReference");
      step("GetXdbcTypeInfo");
      validate(sql, FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA, sql.getXdbcTypeInfo(),
          "GetXdbcTypeInfo", null);
      validateSchema(FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA, sql.getXdbcTypeInfoSchema(),
          "GetXdbcTypeInfo");
      step("GetSqlInfo");
      FlightInfo info = sql.getSqlInfo(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME,
          FlightSql.SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY);
      check(!info.getEndpoints().isEmpty(), "GetSqlInfo: the FlightInfo has no endpoint");
      FlightSql.CommandGetSqlInfo asked = Any.parseFrom(
          info.getEndpoints().get(0).getTicket().getBytes()).unpack(FlightSql.CommandGetSqlInfo.class);
      checkEqual("GetSqlInfo: ids in the ticket",
          List.of(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE,
              FlightSql.SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE),
          asked.getInfoList());
      validate(sql, FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA, info, "GetSqlInfo", null);
      validateSchema(FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA, sql.getSqlInfoSchema(),
          "GetSqlInfo");
    }
  }

  /** {@code flight_sql:extension}. */
  static final class Extension implements IntegrationScenario {
    @Override
    public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
      return new Producer(allocator, false);
    }

    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client)
        throws Exception {
      FlightSqlClient sql = new FlightSqlClient(client);
      step("GetSqlInfo of everything");
      Map<Integer, Object> values = new HashMap<>();
      validate(sql, FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA, sql.getSqlInfo(new int[0]),
          "GetSqlInfo", s -> values.putAll(readSqlInfo(s)));
      checkEqual("FLIGHT_SQL_SERVER_SQL", Boolean.FALSE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SQL_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_SUBSTRAIT", Boolean.TRUE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION", "min_version",
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION", "max_version",
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_TRANSACTION",
          FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_SAVEPOINT_VALUE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_CANCEL", Boolean.TRUE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_CANCEL_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT", 42,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT", 7,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT_VALUE));

      step("Substrait query");
      FlightInfo info = sql.executeSubstrait(SUBSTRAIT_PLAN);
      validate(sql, querySchema(), info, "Substrait query", null);
      validateSchema(querySchema(), sql.getExecuteSubstraitSchema(SUBSTRAIT_PLAN),
          "Substrait query");
      step("CancelQuery");
      @SuppressWarnings("deprecation")
      CancelResult cancelled = sql.cancelQuery(info);
      checkEqual("CancelQuery of the Substrait query", CancelResult.CANCELLED, cancelled);
      step("Substrait update");
      checkEqual("rows of the Substrait update", UPDATE_STATEMENT_EXPECTED_ROWS,
          sql.executeSubstraitUpdate(SUBSTRAIT_PLAN));

      step("prepared Substrait query");
      try (FlightSqlClient.PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, querySchema(), s.execute(), "prepared Substrait query", null);
        validateSchema(querySchema(), s.fetchSchema(), "prepared Substrait query");
      }
      step("prepared Substrait update");
      try (FlightSqlClient.PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN)) {
        checkEqual("rows of the prepared Substrait update", UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS,
            s.executeUpdate());
      }
      transactions(allocator, sql);
    }

    private static void transactions(BufferAllocator allocator, FlightSqlClient sql)
        throws Exception {
      step("BeginTransaction");
      FlightSqlClient.Transaction transaction = sql.beginTransaction();
      checkEqual("transaction id", Checks.bytes(TRANSACTION_ID),
          Checks.bytes(transaction.getTransactionId()));
      step("BeginSavepoint");
      FlightSqlClient.Savepoint savepoint = sql.beginSavepoint(transaction, SAVEPOINT_NAME);
      checkEqual("savepoint id", Checks.bytes(SAVEPOINT_ID), Checks.bytes(savepoint.getSavepointId()));

      Schema txn = queryWithTransactionSchema();
      step("queries in the transaction");
      validate(sql, txn, sql.execute("SELECT STATEMENT", transaction), "query in the transaction",
          null);
      validate(sql, txn, sql.executeSubstrait(SUBSTRAIT_PLAN, transaction),
          "Substrait query in the transaction", null);
      validateSchema(txn, sql.getExecuteSchema("SELECT STATEMENT", transaction),
          "query in the transaction");
      validateSchema(txn, sql.getExecuteSubstraitSchema(SUBSTRAIT_PLAN, transaction),
          "Substrait query in the transaction");
      step("updates in the transaction");
      checkEqual("rows of the update in the transaction",
          UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS,
          sql.executeUpdate("UPDATE STATEMENT", transaction));
      checkEqual("rows of the Substrait update in the transaction",
          UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS,
          sql.executeSubstraitUpdate(SUBSTRAIT_PLAN, transaction));

      step("prepared queries in the transaction");
      try (FlightSqlClient.PreparedStatement s = sql.prepare("SELECT PREPARED STATEMENT", transaction);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, txn, s.execute(), "prepared query in the transaction", null);
        validateSchema(txn, s.fetchSchema(), "prepared query in the transaction");
      }
      try (FlightSqlClient.PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN, transaction);
          VectorSchemaRoot parameters = oneRow(allocator)) {
        s.setParameters(parameters);
        validate(sql, txn, s.execute(), "prepared Substrait query in the transaction", null);
        validateSchema(txn, s.fetchSchema(), "prepared Substrait query in the transaction");
      }
      step("prepared updates in the transaction");
      try (FlightSqlClient.PreparedStatement s = sql.prepare("UPDATE PREPARED STATEMENT", transaction)) {
        checkEqual("rows of the prepared update in the transaction",
            UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS, s.executeUpdate());
      }
      try (FlightSqlClient.PreparedStatement s = sql.prepare(SUBSTRAIT_PLAN, transaction)) {
        checkEqual("rows of the prepared Substrait update in the transaction",
            UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS, s.executeUpdate());
      }

      step("rollback to the savepoint, a second savepoint, release, commit");
      sql.rollback(savepoint);
      FlightSqlClient.Savepoint again = sql.beginSavepoint(transaction, SAVEPOINT_NAME);
      checkEqual("id of the second savepoint", Checks.bytes(SAVEPOINT_ID),
          Checks.bytes(again.getSavepointId()));
      sql.release(savepoint);
      sql.commit(transaction);
      step("second transaction, rollback");
      FlightSqlClient.Transaction second = sql.beginTransaction();
      checkEqual("id of the second transaction", Checks.bytes(TRANSACTION_ID),
          Checks.bytes(second.getTransactionId()));
      sql.rollback(transaction);
    }
  }

  /** {@code flight_sql:ingestion}. */
  static final class Ingestion implements IntegrationScenario {
    @Override
    public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
      return new Producer(allocator, true);
    }

    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client)
        throws Exception {
      FlightSqlClient sql = new FlightSqlClient(client);
      step("GetSqlInfo of ingestion");
      Map<Integer, Object> values = new HashMap<>();
      validate(sql, FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA,
          sql.getSqlInfo(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED,
              FlightSql.SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION),
          "GetSqlInfo", s -> values.putAll(readSqlInfo(s)));
      checkEqual("FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED", Boolean.TRUE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED_VALUE));
      checkEqual("FLIGHT_SQL_SERVER_BULK_INGESTION", Boolean.TRUE,
          values.get(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION_VALUE));

      step("ExecuteIngest");
      try (VectorSchemaRoot data = VectorSchemaRoot.create(ingestSchema(), allocator)) {
        data.setRowCount(3);
        TableDefinitionOptions definition = TableDefinitionOptions.newBuilder()
            .setIfExists(TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_REPLACE)
            .setIfNotExist(TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
            .build();
        FlightSqlClient.ExecuteIngestOptions options = new FlightSqlClient.ExecuteIngestOptions(
            "test_table", definition, true, "test_catalog", "test_schema",
            new HashMap<>(Map.of("key1", "val1", "key2", "val2")));
        long rows = sql.executeIngest(data, options,
            new FlightSqlClient.Transaction(BULK_INGEST_TRANSACTION_ID));
        checkEqual("rows ingested", 3L, rows);
      }
    }
  }

  // ------------------------------------------------------------------ client helpers

  private static VectorSchemaRoot oneRow(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(querySchema(), allocator);
    root.setRowCount(1);
    return root;
  }

  private static void validate(FlightSqlClient sql, Schema expected, FlightInfo info, String what,
      Consumer<FlightStream> rest) throws Exception {
    check(!info.getEndpoints().isEmpty(), what + ": the FlightInfo has no endpoint");
    try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
      checkSchema(what + ": schema of the result", expected, stream.getSchema());
      if (rest != null) {
        rest.accept(stream);
      } else {
        while (stream.next()) {
          // drained, so the call ends cleanly
        }
      }
    }
  }

  private static void validateSchema(Schema expected, SchemaResult actual, String what) {
    checkSchema(what + ": schema answered by GetSchema", expected, actual.getSchema());
  }

  /** Schemas compare with their metadata, so the message shows them as JSON, metadata included. */
  private static void checkSchema(String what, Schema expected, Schema actual) {
    check(expected.equals(actual),
        what + ": expected " + expected.toJson() + ", got " + actual.toJson());
  }

  /** SqlInfo values by id: union members 0 to 3 (string, bool, int64, int32) only, no id twice. */
  private static Map<Integer, Object> readSqlInfo(FlightStream stream) {
    Map<Integer, Object> values = new HashMap<>();
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      UInt4Vector names = (UInt4Vector) root.getVector(0);
      DenseUnionVector value = (DenseUnionVector) root.getVector(1);
      for (int i = 0; i < root.getRowCount(); i++) {
        int id = names.get(i);
        check(!values.containsKey(id), "GetSqlInfo: id " + id + " sent twice");
        byte type = value.getTypeId(i);
        check(type >= 0 && type <= 3, "GetSqlInfo: id " + id + " has a value of union member "
            + type + "; the scenario's are strings, booleans, int64 and int32");
        Object v = value.getObject(i);
        values.put(id, v instanceof Text ? v.toString() : v);
      }
    }
    return values;
  }

  // ------------------------------------------------------------------ the server

  /** The fixed producer of the three scenarios. */
  static final class Producer implements FlightSqlProducer {
    private static final Set<String> SELECT_HANDLES = Set.of("SELECT PREPARED STATEMENT HANDLE",
        "SELECT PREPARED STATEMENT WITH TXN HANDLE", "PREPARED PLAN HANDLE",
        "PREPARED PLAN WITH TXN HANDLE");
    private static final Set<String> ALL_HANDLES = Set.of("SELECT PREPARED STATEMENT HANDLE",
        "SELECT PREPARED STATEMENT WITH TXN HANDLE", "UPDATE PREPARED STATEMENT HANDLE",
        "UPDATE PREPARED STATEMENT WITH TXN HANDLE", "PREPARED PLAN HANDLE",
        "PREPARED PLAN WITH TXN HANDLE");

    private final BufferAllocator allocator;
    private final SqlInfoBuilder info;

    Producer(BufferAllocator allocator, boolean ingestion) {
      this.allocator = allocator;
      this.info = new SqlInfoBuilder()
          .withFlightSqlServerName("Flight SQL Integration Test Server")
          .withFlightSqlServerReadOnly(false)
          .withFlightSqlServerSql(false)
          .withFlightSqlServerSubstrait(true)
          .withFlightSqlServerSubstraitMinVersion("min_version")
          .withFlightSqlServerSubstraitMaxVersion("max_version")
          .withFlightSqlServerTransaction(
              FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_SAVEPOINT)
          .withFlightSqlServerCancel(true)
          .withFlightSqlServerStatementTimeout(42)
          .withFlightSqlServerTransactionTimeout(7);
      if (ingestion) {
        info.withFlightSqlServerBulkIngestionTransaction(true).withFlightSqlServerBulkIngestion(true);
      }
    }

    private static FlightRuntimeException invalid(String message) {
      return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
    }

    private static void expect(String what, Object expected, Object actual) {
      if (!Objects.deepEquals(expected, actual)) {
        throw invalid(what + ": expected " + Checks.show(expected) + ", got " + Checks.show(actual));
      }
    }

    private static boolean inTransaction(ByteString id) {
      return !id.isEmpty();
    }

    private static void expectPlan(FlightSql.SubstraitPlan plan) {
      expect("Substrait plan", SUBSTRAIT_PLAN_TEXT, plan.getPlan().toByteArray());
      expect("Substrait version", SUBSTRAIT_VERSION, plan.getVersion());
    }

    private void emptyBatch(ServerStreamListener listener, Schema schema) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        root.setRowCount(0);
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }

    private static FlightInfo infoFor(Message ticket, FlightDescriptor descriptor, Schema schema) {
      return new FlightInfo(schema, descriptor,
          List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
    }

    private static FlightSql.TicketStatementQuery statementTicket(String handle) {
      return FlightSql.TicketStatementQuery.newBuilder()
          .setStatementHandle(ByteString.copyFromUtf8(handle)).build();
    }

    private static Schema preparedSchema(ByteString handleBytes) {
      String handle = handleBytes.toStringUtf8();
      switch (handle) {
        case "SELECT PREPARED STATEMENT HANDLE":
        case "PREPARED PLAN HANDLE":
          return querySchema();
        case "SELECT PREPARED STATEMENT WITH TXN HANDLE":
        case "PREPARED PLAN WITH TXN HANDLE":
          return queryWithTransactionSchema();
        default:
          throw invalid("Unknown handle: " + handle);
      }
    }

    /** The upload's answer: one PutResult with a DoPutUpdateResult of {@code count} rows. */
    private Runnable count(StreamListener<PutResult> ack, Supplier<Long> count) {
      return () -> {
        long rows;
        try {
          rows = count.get();
        } catch (RuntimeException e) {
          ack.onError(e);
          return;
        }
        byte[] result = FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(rows).build()
            .toByteArray();
        try (ArrowBuf buffer = allocator.buffer(result.length)) {
          buffer.writeBytes(result);
          ack.onNext(PutResult.metadata(buffer));
        }
        ack.onCompleted();
      };
    }

    // ---------------------------------------------------------------- queries

    @Override
    public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command,
        CallContext context, FlightDescriptor descriptor) {
      expect("query", "SELECT STATEMENT", command.getQuery());
      return inTransaction(command.getTransactionId())
          ? infoFor(statementTicket("SELECT STATEMENT WITH TXN HANDLE"), descriptor,
              queryWithTransactionSchema())
          : infoFor(statementTicket("SELECT STATEMENT HANDLE"), descriptor, querySchema());
    }

    @Override
    public FlightInfo getFlightInfoSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command,
        CallContext context, FlightDescriptor descriptor) {
      expectPlan(command.getPlan());
      String handle = inTransaction(command.getTransactionId()) ? "PLAN WITH TXN HANDLE" : "PLAN HANDLE";
      return infoFor(statementTicket(handle), descriptor, querySchema());
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(
        FlightSql.CommandPreparedStatementQuery command, CallContext context,
        FlightDescriptor descriptor) {
      return infoFor(command, descriptor, preparedSchema(command.getPreparedStatementHandle()));
    }

    @Override
    public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command,
        CallContext context, FlightDescriptor descriptor) {
      expect("query", "SELECT STATEMENT", command.getQuery());
      return new SchemaResult(inTransaction(command.getTransactionId())
          ? queryWithTransactionSchema() : querySchema());
    }

    @Override
    public SchemaResult getSchemaSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command,
        CallContext context, FlightDescriptor descriptor) {
      expectPlan(command.getPlan());
      return new SchemaResult(inTransaction(command.getTransactionId())
          ? queryWithTransactionSchema() : querySchema());
    }

    @Override
    public SchemaResult getSchemaPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
        CallContext context, FlightDescriptor descriptor) {
      return new SchemaResult(preparedSchema(command.getPreparedStatementHandle()));
    }

    @Override
    public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context,
        ServerStreamListener listener) {
      String handle = ticket.getStatementHandle().toStringUtf8();
      switch (handle) {
        case "SELECT STATEMENT HANDLE":
        case "PLAN HANDLE":
          emptyBatch(listener, querySchema());
          break;
        case "SELECT STATEMENT WITH TXN HANDLE":
        case "PLAN WITH TXN HANDLE":
          emptyBatch(listener, queryWithTransactionSchema());
          break;
        default:
          listener.error(invalid("Unknown handle: " + handle));
      }
    }

    @Override
    public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
        CallContext context, ServerStreamListener listener) {
      Schema schema;
      try {
        schema = preparedSchema(command.getPreparedStatementHandle());
      } catch (FlightRuntimeException e) {
        listener.error(e);
        return;
      }
      emptyBatch(listener, schema);
    }

    // ---------------------------------------------------------------- uploads

    @Override
    public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command,
        CallContext context, FlightStream flightStream, StreamListener<PutResult> ack) {
      return count(ack, () -> {
        expect("update", "UPDATE STATEMENT", command.getQuery());
        return inTransaction(command.getTransactionId())
            ? UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS : UPDATE_STATEMENT_EXPECTED_ROWS;
      });
    }

    @Override
    public Runnable acceptPutSubstraitPlan(FlightSql.CommandStatementSubstraitPlan command,
        CallContext context, FlightStream flightStream, StreamListener<PutResult> ack) {
      return count(ack, () -> {
        expectPlan(command.getPlan());
        return inTransaction(command.getTransactionId())
            ? UPDATE_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS : UPDATE_STATEMENT_EXPECTED_ROWS;
      });
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(
        FlightSql.CommandPreparedStatementUpdate command, CallContext context,
        FlightStream flightStream, StreamListener<PutResult> ack) {
      return count(ack, () -> {
        String handle = command.getPreparedStatementHandle().toStringUtf8();
        switch (handle) {
          case "UPDATE PREPARED STATEMENT HANDLE":
          case "PREPARED PLAN HANDLE":
            return UPDATE_PREPARED_STATEMENT_EXPECTED_ROWS;
          case "UPDATE PREPARED STATEMENT WITH TXN HANDLE":
          case "PREPARED PLAN WITH TXN HANDLE":
            return UPDATE_PREPARED_STATEMENT_WITH_TRANSACTION_EXPECTED_ROWS;
          default:
            throw invalid("Unknown handle: " + handle);
        }
      });
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(
        FlightSql.CommandPreparedStatementQuery command, CallContext context,
        FlightStream flightStream, StreamListener<PutResult> ack) {
      return () -> {
        try {
          String handle = command.getPreparedStatementHandle().toStringUtf8();
          if (!SELECT_HANDLES.contains(handle)) {
            throw invalid("Unknown handle: " + handle);
          }
          expect("schema of the parameters", querySchema(), flightStream.getSchema());
          while (flightStream.next()) {
            // only the schema is checked
          }
        } catch (RuntimeException e) {
          ack.onError(e);
          return;
        }
        ack.onCompleted();
      };
    }

    @Override
    public Runnable acceptPutStatementBulkIngest(FlightSql.CommandStatementIngest command,
        CallContext context, FlightStream flightStream, StreamListener<PutResult> ack) {
      return count(ack, () -> {
        TableDefinitionOptions options = command.getTableDefinitionOptions();
        expect("if_exists", TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_REPLACE,
            options.getIfExists());
        expect("if_not_exist",
            TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE,
            options.getIfNotExist());
        expect("table", "test_table", command.getTable());
        expect("catalog", "test_catalog", command.getCatalog());
        expect("schema", "test_schema", command.getSchema());
        expect("temporary", true, command.getTemporary());
        expect("transaction id", BULK_INGEST_TRANSACTION_ID,
            command.getTransactionId().toByteArray());
        expect("options", Map.of("key1", "val1", "key2", "val2"), command.getOptionsMap());
        expect("schema of the rows", ingestSchema(), flightStream.getSchema());
        long rows = 0;
        while (flightStream.next()) {
          rows += flightStream.getRoot().getRowCount();
        }
        return rows;
      });
    }

    // ---------------------------------------------------------------- actions

    @Override
    public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request,
        CallContext context, StreamListener<Result> listener) {
      String query = request.getQuery();
      if (!query.equals("SELECT PREPARED STATEMENT") && !query.equals("UPDATE PREPARED STATEMENT")) {
        listener.onError(invalid("unexpected query to prepare: " + query));
        return;
      }
      String handle = query + (inTransaction(request.getTransactionId()) ? " WITH TXN" : "") + " HANDLE";
      FlightSql.ActionCreatePreparedStatementResult result =
          FlightSql.ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(ByteString.copyFromUtf8(handle)).build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    }

    @Override
    public void createPreparedSubstraitPlan(
        FlightSql.ActionCreatePreparedSubstraitPlanRequest request, CallContext context,
        StreamListener<FlightSql.ActionCreatePreparedStatementResult> listener) {
      try {
        expectPlan(request.getPlan());
      } catch (FlightRuntimeException e) {
        listener.onError(e);
        return;
      }
      String handle = inTransaction(request.getTransactionId())
          ? "PREPARED PLAN WITH TXN HANDLE" : "PREPARED PLAN HANDLE";
      listener.onNext(FlightSql.ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(ByteString.copyFromUtf8(handle)).build());
      listener.onCompleted();
    }

    @Override
    public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request,
        CallContext context, StreamListener<Result> listener) {
      String handle = request.getPreparedStatementHandle().toStringUtf8();
      if (!ALL_HANDLES.contains(handle)) {
        listener.onError(invalid("Unknown handle: " + handle));
        return;
      }
      listener.onCompleted();
    }

    @Override
    public void beginTransaction(FlightSql.ActionBeginTransactionRequest request,
        CallContext context, StreamListener<FlightSql.ActionBeginTransactionResult> listener) {
      listener.onNext(FlightSql.ActionBeginTransactionResult.newBuilder()
          .setTransactionId(ByteString.copyFrom(TRANSACTION_ID)).build());
      listener.onCompleted();
    }

    @Override
    public void beginSavepoint(FlightSql.ActionBeginSavepointRequest request, CallContext context,
        StreamListener<FlightSql.ActionBeginSavepointResult> listener) {
      try {
        expect("savepoint name", SAVEPOINT_NAME, request.getName());
        expect("transaction id", TRANSACTION_ID, request.getTransactionId().toByteArray());
      } catch (FlightRuntimeException e) {
        listener.onError(e);
        return;
      }
      listener.onNext(FlightSql.ActionBeginSavepointResult.newBuilder()
          .setSavepointId(ByteString.copyFrom(SAVEPOINT_ID)).build());
      listener.onCompleted();
    }

    @Override
    public void endTransaction(FlightSql.ActionEndTransactionRequest request, CallContext context,
        StreamListener<Result> listener) {
      try {
        check(request.getAction() == FlightSql.ActionEndTransactionRequest.EndTransaction.END_TRANSACTION_COMMIT
            || request.getAction()
                == FlightSql.ActionEndTransactionRequest.EndTransaction.END_TRANSACTION_ROLLBACK,
            "unknown action " + request.getAction());
        expect("transaction id", TRANSACTION_ID, request.getTransactionId().toByteArray());
      } catch (RuntimeException e) {
        listener.onError(e instanceof FlightRuntimeException ? e : invalid(e.getMessage()));
        return;
      }
      listener.onCompleted();
    }

    @Override
    public void endSavepoint(FlightSql.ActionEndSavepointRequest request, CallContext context,
        StreamListener<Result> listener) {
      try {
        check(request.getAction() == FlightSql.ActionEndSavepointRequest.EndSavepoint.END_SAVEPOINT_RELEASE
            || request.getAction()
                == FlightSql.ActionEndSavepointRequest.EndSavepoint.END_SAVEPOINT_ROLLBACK,
            "unknown action " + request.getAction());
        expect("savepoint id", SAVEPOINT_ID, request.getSavepointId().toByteArray());
      } catch (RuntimeException e) {
        listener.onError(e instanceof FlightRuntimeException ? e : invalid(e.getMessage()));
        return;
      }
      listener.onCompleted();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void cancelQuery(FlightInfo query, CallContext context,
        StreamListener<CancelResult> listener) {
      try {
        expect("number of endpoints of the query to cancel", 1, query.getEndpoints().size());
        Any any = Any.parseFrom(query.getEndpoints().get(0).getTicket().getBytes());
        check(any.is(FlightSql.TicketStatementQuery.class),
            "Expected TicketStatementQuery, found " + any.getTypeUrl());
        expect("ticket of the query to cancel", "PLAN HANDLE",
            any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle().toStringUtf8());
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        listener.onError(e instanceof FlightRuntimeException ? e : invalid(e.getMessage()));
        return;
      }
      listener.onNext(CancelResult.CANCELLED);
      listener.onCompleted();
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public FlightInfo getFlightInfoSqlInfo(FlightSql.CommandGetSqlInfo request,
        CallContext context, FlightDescriptor descriptor) {
      return infoFor(request, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
    }

    @Override
    public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command, CallContext context,
        ServerStreamListener listener) {
      if (command.getInfoList().equals(List.of(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE,
          FlightSql.SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE))) {
        emptyBatch(listener, Schemas.GET_SQL_INFO_SCHEMA);
        return;
      }
      info.send(command.getInfoList(), listener);
    }

    @Override
    public FlightInfo getFlightInfoTypeInfo(FlightSql.CommandGetXdbcTypeInfo request,
        CallContext context, FlightDescriptor descriptor) {
      return infoFor(request, descriptor, Schemas.GET_TYPE_INFO_SCHEMA);
    }

    @Override
    public void getStreamTypeInfo(FlightSql.CommandGetXdbcTypeInfo request, CallContext context,
        ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_TYPE_INFO_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(FlightSql.CommandGetCatalogs request,
        CallContext context, FlightDescriptor descriptor) {
      return infoFor(request, descriptor, Schemas.GET_CATALOGS_SCHEMA);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_CATALOGS_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoSchemas(FlightSql.CommandGetDbSchemas request,
        CallContext context, FlightDescriptor descriptor) {
      expect("catalog", "catalog", request.getCatalog());
      expect("db_schema_filter_pattern", "db_schema_filter_pattern",
          request.getDbSchemaFilterPattern());
      return infoFor(request, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
    }

    @Override
    public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext context,
        ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_SCHEMAS_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoTables(FlightSql.CommandGetTables request, CallContext context,
        FlightDescriptor descriptor) {
      expect("catalog", "catalog", request.getCatalog());
      expect("db_schema_filter_pattern", "db_schema_filter_pattern",
          request.getDbSchemaFilterPattern());
      expect("table_name_filter_pattern", "table_filter_pattern",
          request.getTableNameFilterPattern());
      expect("table_types", List.of("table", "view"), List.copyOf(request.getTableTypesList()));
      expect("include_schema", true, request.getIncludeSchema());
      return infoFor(request, descriptor, Schemas.GET_TABLES_SCHEMA);
    }

    @Override
    public void getStreamTables(FlightSql.CommandGetTables command, CallContext context,
        ServerStreamListener listener) {
      emptyBatch(listener, command.getIncludeSchema()
          ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(FlightSql.CommandGetTableTypes request,
        CallContext context, FlightDescriptor descriptor) {
      return infoFor(request, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_TABLE_TYPES_SCHEMA);
    }

    private static void expectTable(String catalog, String dbSchema, String table) {
      expect("catalog", "catalog", catalog);
      expect("db_schema", "db_schema", dbSchema);
      expect("table", "table", table);
    }

    @Override
    public FlightInfo getFlightInfoPrimaryKeys(FlightSql.CommandGetPrimaryKeys request,
        CallContext context, FlightDescriptor descriptor) {
      expectTable(request.getCatalog(), request.getDbSchema(), request.getTable());
      return infoFor(request, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
    }

    @Override
    public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command, CallContext context,
        ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_PRIMARY_KEYS_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoExportedKeys(FlightSql.CommandGetExportedKeys request,
        CallContext context, FlightDescriptor descriptor) {
      expectTable(request.getCatalog(), request.getDbSchema(), request.getTable());
      return infoFor(request, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA);
    }

    @Override
    public void getStreamExportedKeys(FlightSql.CommandGetExportedKeys command,
        CallContext context, ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_EXPORTED_KEYS_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoImportedKeys(FlightSql.CommandGetImportedKeys request,
        CallContext context, FlightDescriptor descriptor) {
      expectTable(request.getCatalog(), request.getDbSchema(), request.getTable());
      return infoFor(request, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA);
    }

    @Override
    public void getStreamImportedKeys(FlightSql.CommandGetImportedKeys command,
        CallContext context, ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_IMPORTED_KEYS_SCHEMA);
    }

    @Override
    public FlightInfo getFlightInfoCrossReference(FlightSql.CommandGetCrossReference request,
        CallContext context, FlightDescriptor descriptor) {
      expect("pk_catalog", "pk_catalog", request.getPkCatalog());
      expect("pk_db_schema", "pk_db_schema", request.getPkDbSchema());
      expect("pk_table", "pk_table", request.getPkTable());
      expect("fk_catalog", "fk_catalog", request.getFkCatalog());
      expect("fk_db_schema", "fk_db_schema", request.getFkDbSchema());
      expect("fk_table", "fk_table", request.getFkTable());
      return infoFor(request, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA);
    }

    @Override
    public void getStreamCrossReference(FlightSql.CommandGetCrossReference command,
        CallContext context, ServerStreamListener listener) {
      emptyBatch(listener, Schemas.GET_CROSS_REFERENCE_SCHEMA);
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria,
        StreamListener<FlightInfo> listener) {
      listener.onCompleted();
    }

    @Override
    public void close() {}
  }
}
