package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Flight SQL service on a real server, driven by our client with the commands' bytes. */
class FlightSqlServerBaseTest {
  static final Schema PEOPLE = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(32, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  private BufferAllocator allocator;
  private FlightServer server;
  private FlightClient client;
  private final List<String> closed = new CopyOnWriteArrayList<>();

  /** Catalogs, tables, server information, prepared statements and updates. */
  private final class Service extends FlightSqlServerBase {
    Service(BufferAllocator allocator) {
      super(allocator);
    }

    @Override
    protected FlightInfo getFlightInfoCatalogs(ServerCallContext context, GetCatalogs command,
        FlightDescriptor descriptor) {
      return flightInfoForCommand(command, descriptor);
    }

    @Override
    protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
      return SqlResults.catalogs(allocator(), "main", "temp");
    }

    @Override
    protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command,
        FlightDescriptor descriptor) {
      return flightInfoForCommand(command, descriptor);
    }

    @Override
    protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
      return SqlResults.oneTable(allocator(), command, "public", "people", PEOPLE);
    }

    @Override
    protected SqlInfoBuilder sqlInfo() {
      return super.sqlInfo()
          .withLong(SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH, 1L << 40)
          .withStringList(SqlInfo.SQL_KEYWORDS, List.of("LIMIT", "QUALIFY"))
          .withInt32ToInt32ListMap(SqlInfo.SQL_SUPPORTS_CONVERT, Map.of(4, List.of(12, -5), 12, List.of()))
          .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_GROUP_BY, 0b11);
    }

    @Override
    protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
        CreatePreparedStatementRequest request) {
      return new CreatePreparedStatementResult(("h:" + request.query()).getBytes(StandardCharsets.UTF_8),
          PEOPLE.serializeAsMessage(), new byte[0]);
    }

    @Override
    protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
      closed.add(new String(request.preparedStatementHandle(), StandardCharsets.UTF_8));
    }

    @Override
    protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command,
        FlightStreamReader reader) {
      if (command.query().startsWith("SET")) {
        return 0;   // as servers for Arrow Java's executeUpdate must: answer without reading
      }
      long rows = 0;
      while (reader.next()) {
        rows += reader.root().getRowCount();
      }
      return command.query().length() * 1000L + rows;
    }

    @Override
    protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
        PreparedStatementQuery command, FlightStreamReader reader) {
      long rows = 0;
      while (reader.next()) {
        rows += reader.root().getRowCount();
      }
      String handle = new String(command.preparedStatementHandle(), StandardCharsets.UTF_8);
      return handle.equals("keep") ? null
          : new DoPutPreparedStatementResult((handle + "+" + rows).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected Iterable<ActionType> customActionTypes(ServerCallContext context) {
      return List.of(new ActionType("ping", "answers pong"));
    }

    @Override
    protected Iterable<Result> doCustomAction(ServerCallContext context, Action action) {
      return action.type().equals("ping") ? List.of(Result.of("pong")) : super.doCustomAction(context, action);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), new Service(allocator))
        .build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
    allocator.close();
  }

  private static FlightDescriptor descriptor(FlightSqlCommand command) {
    return FlightDescriptor.forCommand(command.toBytes());
  }

  private static List<String> strings(VectorSchemaRoot root, String column) {
    List<String> out = new ArrayList<>();
    VarCharVector v = (VarCharVector) root.getVector(column);
    for (int i = 0; i < root.getRowCount(); i++) {
      out.add(v.isNull(i) ? null : v.getObject(i).toString());
    }
    return out;
  }

  @Test
  void catalogsThroughTheCommandTicket() {
    FlightInfo info = client.getFlightInfo(descriptor(new GetCatalogs()));
    assertEquals(FlightSqlSchemas.GET_CATALOGS, info.schema());
    assertEquals(1, info.endpoints().size());
    Ticket ticket = info.endpoints().get(0).ticket();
    assertEquals(new GetCatalogs(), FlightSqlCommand.parse(ticket.ticket()));
    try (FlightStreamReader reader = client.doGet(ticket)) {
      assertEquals(FlightSqlSchemas.GET_CATALOGS, reader.schema());
      assertTrue(reader.next());
      assertEquals(List.of("main", "temp"), strings(reader.root(), "catalog_name"));
      assertFalse(reader.next());
    }
  }

  @Test
  void tablesWithTheirSchemas() {
    GetTables command = new GetTables(null, "pub%", null, List.of("TABLE"), true);
    FlightInfo info = client.getFlightInfo(descriptor(command));
    assertEquals(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, info.schema());
    assertEquals(command, FlightSqlCommand.parse(info.endpoints().get(0).ticket().ticket()));
    try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
      assertEquals(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, reader.schema());
      assertTrue(reader.next());
      VectorSchemaRoot root = reader.root();
      assertEquals(1, root.getRowCount());
      assertNull(strings(root, "catalog_name").get(0));
      assertEquals(List.of("public"), strings(root, "db_schema_name"));
      assertEquals(List.of("people"), strings(root, "table_name"));
      assertEquals(List.of("TABLE"), strings(root, "table_type"));
      byte[] schema = ((VarBinaryVector) root.getVector("table_schema")).get(0);
      assertEquals(PEOPLE, Schema.deserializeMessage(ByteBuffer.wrap(schema)));
      assertFalse(reader.next());
    }
    assertEquals(FlightSqlSchemas.GET_TABLES,
        client.getSchema(descriptor(new GetTables(null, null, null, List.of(), false))).schema());
  }

  @Test
  void sqlInfoServesTheBuilderFilteredByTheIdsAskedFor() {
    GetSqlInfo command = GetSqlInfo.of(SqlInfo.SQL_KEYWORDS, SqlInfo.FLIGHT_SQL_SERVER_NAME, 9999,
        SqlInfo.SQL_SUPPORTS_CONVERT, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH,
        SqlInfo.SQL_SUPPORTED_GROUP_BY);
    FlightInfo info = client.getFlightInfo(descriptor(command));
    assertEquals(FlightSqlSchemas.GET_SQL_INFO, info.schema());
    try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
      assertEquals(FlightSqlSchemas.GET_SQL_INFO, reader.schema());
      assertTrue(reader.next());
      VectorSchemaRoot root = reader.root();
      UInt4Vector ids = (UInt4Vector) root.getVector("info_name");
      DenseUnionVector values = (DenseUnionVector) root.getVector("value");
      assertEquals(6, root.getRowCount());   // 9999 has no value and is left out
      List<Integer> names = new ArrayList<>();
      List<Byte> types = new ArrayList<>();
      List<String> shown = new ArrayList<>();
      for (int i = 0; i < root.getRowCount(); i++) {
        names.add(ids.get(i));
        types.add(values.getTypeId(i));
        shown.add(String.valueOf(values.getObject(i)));
      }
      assertEquals(List.of(SqlInfo.SQL_KEYWORDS, SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.SQL_SUPPORTS_CONVERT,
          SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH,
          SqlInfo.SQL_SUPPORTED_GROUP_BY), names);
      assertEquals(List.of((byte) 4, (byte) 0, (byte) 5, (byte) 1, (byte) 2, (byte) 3), types);
      assertEquals("[\"LIMIT\",\"QUALIFY\"]", shown.get(0));
      assertEquals("flightwire", shown.get(1));
      assertEquals("[{\"key\":4,\"value\":[12,-5]},{\"key\":12,\"value\":[]}]", shown.get(2));
      // read-only false: the test service implements updates
      assertEquals(List.of("false", String.valueOf(1L << 40), "3"), shown.subList(3, 6));
      assertFalse(reader.next());
    }
  }

  @Test
  void sqlInfoWithNoIdsAnswersEverythingInIdOrder() {
    FlightInfo info = client.getFlightInfo(descriptor(new GetSqlInfo(List.of())));
    try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
      assertTrue(reader.next());
      UInt4Vector ids = (UInt4Vector) reader.root().getVector("info_name");
      List<Integer> names = new ArrayList<>();
      for (int i = 0; i < reader.root().getRowCount(); i++) {
        names.add(ids.get(i));
      }
      assertEquals(List.of(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_VERSION,
          SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, SqlInfo.FLIGHT_SQL_SERVER_SQL,
          SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION,
          SqlInfo.FLIGHT_SQL_SERVER_CANCEL, SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, SqlInfo.SQL_KEYWORDS,
          SqlInfo.SQL_SUPPORTS_CONVERT, SqlInfo.SQL_SUPPORTED_GROUP_BY, SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH), names);
    }
  }

  @Test
  void unimplementedCommandsAreNamed() {
    FlightUnimplementedError e = assertThrows(FlightUnimplementedError.class,
        () -> client.getFlightInfo(descriptor(new GetPrimaryKeys(null, null, "people"))));
    assertTrue(e.getMessage().contains("CommandGetPrimaryKeys is not implemented"), e.getMessage());
    e = assertThrows(FlightUnimplementedError.class,
        () -> client.getSchema(descriptor(new StatementQuery("SELECT 1", null))));
    assertTrue(e.getMessage().contains("CommandStatementQuery"), e.getMessage());
    e = assertThrows(FlightUnimplementedError.class, () -> client.doAction(
        new Action(FlightSqlActions.BEGIN_TRANSACTION, new BeginTransactionRequest().toBytes())).next());
    assertTrue(e.getMessage().contains(FlightSqlActions.BEGIN_TRANSACTION), e.getMessage());
    e = assertThrows(FlightUnimplementedError.class, () -> client.doAction(Action.of("nope", "")).next());
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void malformedRequestsAreInvalidArguments() {
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
        () -> client.getFlightInfo(FlightDescriptor.forCommand("garbage")));
    assertFalse(e.getMessage().isEmpty());
    e = assertThrows(FlightInvalidArgumentError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("t")));
    assertTrue(e.getMessage().contains("command descriptor"), e.getMessage());
    e = assertThrows(FlightInvalidArgumentError.class,
        () -> client.getFlightInfo(descriptor(new StatementUpdate("DELETE", null))));
    assertTrue(e.getMessage().contains("CommandStatementUpdate is not a GetFlightInfo command"), e.getMessage());
    assertThrows(FlightInvalidArgumentError.class, () -> {
      try (FlightStreamReader r = client.doGet(new Ticket(new StatementUpdate("DELETE", null).toBytes()))) {
        r.next();
      }
    });
    assertThrows(FlightInvalidArgumentError.class, () -> client.doAction(
        Action.of(FlightSqlActions.CREATE_PREPARED_STATEMENT, "garbage")).next());
  }

  @Test
  void preparedStatementsAreCreatedAndClosed() {
    List<Result> results = new ArrayList<>();
    client.doAction(new Action(FlightSqlActions.CREATE_PREPARED_STATEMENT,
        new CreatePreparedStatementRequest("SELECT * FROM people", null).toBytes())).forEachRemaining(results::add);
    assertEquals(1, results.size());
    CreatePreparedStatementResult created = CreatePreparedStatementResult.parse(results.get(0).body());
    assertArrayEquals("h:SELECT * FROM people".getBytes(StandardCharsets.UTF_8), created.preparedStatementHandle());
    assertEquals(PEOPLE, Schema.deserializeMessage(ByteBuffer.wrap(created.datasetSchema())));
    assertEquals(0, created.parameterSchema().length);

    List<Result> none = new ArrayList<>();
    client.doAction(new Action(FlightSqlActions.CLOSE_PREPARED_STATEMENT,
        new ClosePreparedStatementRequest(created.preparedStatementHandle()).toBytes()))
        .forEachRemaining(none::add);
    assertEquals(List.of(), none);
    assertEquals(List.of("h:SELECT * FROM people"), closed);
  }

  @Test
  void statementUpdateAnswersTheCountAsBareMetadata() throws Exception {
    Schema ints = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(ints, allocator)) {
      DoPutStreams put = client.doPut(descriptor(new StatementUpdate("UPDATE t", null)), ints);
      IntVector x = (IntVector) batch.getVector(0);
      for (int i = 0; i < 3; i++) {
        x.setSafe(i, i);
      }
      batch.setRowCount(3);
      put.writer().writeBatch(batch);
      put.writer().doneWriting();
      byte[] ack = put.reader().read();
      assertNull(put.reader().read());
      put.complete();
      put.close();
      assertEquals(new DoPutUpdateResult(8 * 1000L + 3), DoPutUpdateResult.parse(ack));
      assertArrayEquals(new DoPutUpdateResult(8003).toBytes(), ack);
    }
  }

  @Test
  void statementUpdateIsAnsweredBeforeTheClientEndsItsUpload() {
    // Arrow Java's FlightSqlClient.executeUpdate: schema only, read the answer, then wait.
    Schema empty = new Schema(List.of());
    DoPutStreams put = client.doPut(descriptor(new StatementUpdate("SET a = 1", null)), empty);
    put.writer().begin(empty);
    assertEquals(new DoPutUpdateResult(0), DoPutUpdateResult.parse(put.reader().read()));
    // and the call ends (the server's final status) while the client's upload is still open
    assertNull(put.reader().read());
    put.complete();
    put.close();
  }

  @Test
  void bindingParametersAnswersTheNewHandleOrNothing() {
    Schema ints = new Schema(List.of(Field.nullable("p", new ArrowType.Int(32, true))));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(ints, allocator)) {
      ((IntVector) batch.getVector(0)).setSafe(0, 7);
      batch.setRowCount(1);
      for (String handle : List.of("h1", "keep")) {
        DoPutStreams put = client.doPut(
            descriptor(new PreparedStatementQuery(handle.getBytes(StandardCharsets.UTF_8))), ints);
        put.writer().writeBatch(batch);
        put.writer().doneWriting();
        List<byte[]> acks = new ArrayList<>();
        for (byte[] a; (a = put.reader().read()) != null; ) {
          acks.add(a);
        }
        put.complete();
        put.close();
        if (handle.equals("keep")) {
          assertEquals(0, acks.size());
        } else {
          assertEquals(1, acks.size());
          assertArrayEquals("h1+1".getBytes(StandardCharsets.UTF_8),
              DoPutPreparedStatementResult.parse(acks.get(0)).preparedStatementHandle());
        }
      }
    }
  }

  @Test
  void listActionsNamesTheFlightSqlActionsThenTheServicesOwn() {
    List<String> types = new ArrayList<>();
    client.listActions().forEachRemaining(a -> types.add(a.type()));
    assertEquals(List.of(FlightSqlActions.CREATE_PREPARED_STATEMENT, FlightSqlActions.CLOSE_PREPARED_STATEMENT,
        FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN, FlightSqlActions.BEGIN_TRANSACTION,
        FlightSqlActions.BEGIN_SAVEPOINT, FlightSqlActions.END_TRANSACTION, FlightSqlActions.END_SAVEPOINT,
        FlightSqlActions.CANCEL_QUERY, "ping"), types);
    assertEquals("pong", client.doAction(Action.of("ping", "")).next().bodyAsString());
  }
}
