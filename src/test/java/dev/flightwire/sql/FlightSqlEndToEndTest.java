package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our FlightSqlClient against a service on our FlightSqlServerBase over TCP: the two halves agree
 * on every exchange a SQL client makes (metadata, server information, a prepared statement with a
 * parameter, an update, an unimplemented command).
 */
class FlightSqlEndToEndTest {
  private static final Schema PEOPLE = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(32, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));
  private static final Schema ID_PARAMETER = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true))));
  private static final String[] NAMES = {"ada", "grace", "edsger"};

  private BufferAllocator allocator;
  private FlightServer server;
  private FlightClient client;
  private FlightSqlClient sql;
  private final List<String> closed = new CopyOnWriteArrayList<>();
  private final List<Integer> bound = new CopyOnWriteArrayList<>();

  /** One table, people(id, name), queried by id through a prepared statement. */
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
      return SqlResults.catalogs(allocator(), "main");
    }

    @Override
    protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command,
        FlightDescriptor descriptor) {
      return flightInfoForCommand(command, descriptor);
    }

    @Override
    protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
      return SqlResults.oneTable(allocator(), command, null, "people", PEOPLE);
    }

    @Override
    protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
        CreatePreparedStatementRequest request) {
      return new CreatePreparedStatementResult("people-by-id".getBytes(StandardCharsets.UTF_8),
          PEOPLE.serializeAsMessage(), ID_PARAMETER.serializeAsMessage());
    }

    @Override
    protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
        PreparedStatementQuery command, FlightStreamReader reader) {
      while (reader.next()) {
        IntVector ids = (IntVector) reader.root().getVector(0);
        for (int i = 0; i < reader.root().getRowCount(); i++) {
          bound.add(ids.get(i));
        }
      }
      return null; // keep the handle
    }

    @Override
    protected FlightInfo getFlightInfoPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
        FlightDescriptor descriptor) {
      return FlightInfo.builder(PEOPLE, descriptor, List.of(new dev.flightwire.FlightEndpoint(
          new dev.flightwire.Ticket(command.toBytes())))).build();
    }

    @Override
    protected FlightDataStream doGetPreparedStatement(ServerCallContext context, PreparedStatementQuery command) {
      VectorSchemaRoot root = VectorSchemaRoot.create(PEOPLE, allocator());
      int id = bound.get(bound.size() - 1);
      ((IntVector) root.getVector(0)).setSafe(0, id);
      ((VarCharVector) root.getVector(1)).setSafe(0, NAMES[id].getBytes(StandardCharsets.UTF_8));
      root.setRowCount(1);
      return SqlResults.owned(root);
    }

    @Override
    protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
      closed.add(new String(request.preparedStatementHandle(), StandardCharsets.UTF_8));
    }

    /** Runs the statement once per batch of 0 rows, else once per parameter row (as documented). */
    @Override
    protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
        FlightStreamReader reader) {
      long runs = 0;
      while (reader.next()) {
        runs += Math.max(1, reader.root().getRowCount());
      }
      return runs;
    }

    @Override
    protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command,
        FlightStreamReader reader) {
      return command.query().startsWith("DELETE") ? 2 : 0;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), new Service(allocator))
        .build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
    sql = new FlightSqlClient(client);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
    allocator.close();
  }

  private List<List<Object>> rows(FlightInfo info) {
    List<List<Object>> out = new ArrayList<>();
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        VectorSchemaRoot root = r.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (var v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o == null ? null : o instanceof byte[] b ? Schema.deserializeMessage(java.nio.ByteBuffer.wrap(b))
                : o.toString());
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Test
  void metadataQueriesReadBack() {
    assertEquals(List.of(List.of("main")), rows(sql.getCatalogs()));
    FlightInfo tables = sql.getTables(null, null, "peo%", List.of("TABLE"), true);
    assertEquals(FlightSqlSchemas.of(new GetTables(null, null, "peo%", List.of("TABLE"), true)), tables.schema());
    List<Object> row = rows(tables).get(0);
    assertEquals("people", row.get(2));
    assertEquals(PEOPLE, row.get(4));
  }

  @Test
  void serverInformationComesFromTheDefaults() {
    FlightInfo info = sql.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY);
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      assertTrue(r.next());
      VectorSchemaRoot root = r.root();
      assertEquals(2, root.getRowCount());
      DenseUnionVector value = (DenseUnionVector) root.getVector("value");
      assertEquals("flightwire", value.getObject(0).toString());
      assertEquals(false, value.getObject(1)); // the service implements updates
    }
  }

  @Test
  void preparedStatementWithAParameter() {
    try (PreparedStatement ps = sql.prepare("SELECT id, name FROM people WHERE id = ?");
        VectorSchemaRoot parameters = VectorSchemaRoot.create(ID_PARAMETER, allocator)) {
      assertEquals(PEOPLE, ps.resultSetSchema());
      assertEquals(ID_PARAMETER, ps.parameterSchema());
      ((IntVector) parameters.getVector(0)).setSafe(0, 1);
      parameters.setRowCount(1);
      ps.setParameters(parameters);
      assertEquals(List.of(List.of("1", "grace")), rows(ps.execute()));
      assertEquals(List.of(1), bound);
    }
    assertEquals(List.of("people-by-id"), closed);
  }

  @Test
  void aPreparedUpdateWithoutParametersRunsOnce() {
    try (PreparedStatement ps = sql.prepare("DELETE FROM people")) {
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Test
  void updateCountsAndUnimplementedCommands() {
    assertEquals(2, sql.executeUpdate("DELETE FROM people WHERE id > 0"));
    FlightUnimplementedError e = assertThrows(FlightUnimplementedError.class,
        () -> sql.getPrimaryKeys(new TableRef(null, null, "people")));
    assertTrue(e.getMessage().contains("CommandGetPrimaryKeys"), e.getMessage());
  }
}
