package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FlightSqlClient's Substrait calls against a FlightSqlServerBase, and the FlightInfo a server
 * reads from CancelQuery.
 */
class FlightSqlClientSubstraitTest {
  private static final SubstraitPlan PLAN = new SubstraitPlan(bytes("plan"), "version");
  private static final Schema RESULT = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
  private static final Transaction TXN = new Transaction(bytes("t1"));

  private BufferAllocator allocator;
  private Service service;
  private SqlClientPair<Service> pair;
  private FlightClient client;
  private FlightSqlClient sql;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Records the Substrait commands and requests it receives. */
  static final class Service extends FlightSqlServerBase {
    final List<Object> received = new CopyOnWriteArrayList<>();
    volatile FlightInfo cancelled;

    Service(BufferAllocator allocator) {
      super(allocator);
    }

    @Override
    protected FlightInfo getFlightInfoSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
        FlightDescriptor descriptor) {
      received.add(command);
      return new FlightInfo(RESULT, descriptor,
          List.of(new FlightEndpoint(new Ticket(new TicketStatementQuery(bytes("h1")).toBytes()))));
    }

    @Override
    protected SchemaResult getSchemaSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
        FlightDescriptor descriptor) {
      received.add(command);
      return new SchemaResult(RESULT);
    }

    @Override
    protected long doPutSubstraitPlanUpdate(ServerCallContext context, StatementSubstraitPlan command,
        FlightStreamReader reader) {
      received.add(command);
      return 7;
    }

    @Override
    protected CreatePreparedStatementResult createPreparedSubstraitPlan(ServerCallContext context,
        CreatePreparedSubstraitPlanRequest request) {
      received.add(request);
      return new CreatePreparedStatementResult(bytes("prepared-plan"), new byte[0], new byte[0]);
    }

    @Override
    protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
        FlightStreamReader reader) {
      received.add(command);
      while (reader.next()) {
        // one empty batch: run once
      }
      return 9;
    }

    @Override
    protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
      received.add(request);
    }

    @Override
    protected CancelQueryResult cancelQuery(ServerCallContext context, CancelQueryRequest request) {
      cancelled = request.flightInfo();
      return new CancelQueryResult(CancelResult.CANCELLING);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    pair = SqlClientPair.start(Service::new);
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
  void executeSubstraitSendsThePlanOutsideAndInsideATransaction() {
    FlightInfo info = sql.executeSubstrait(PLAN);
    assertEquals(RESULT, info.schema());
    assertEquals(new StatementSubstraitPlan(PLAN, null), FlightSqlCommand.parse(info.descriptor().command()));
    sql.executeSubstrait(PLAN, TXN);
    assertEquals(List.of(new StatementSubstraitPlan(PLAN, null), new StatementSubstraitPlan(PLAN, bytes("t1"))),
        service.received);
  }

  @Test
  void getExecuteSubstraitSchemaAsksGetSchemaOfThePlan() {
    assertEquals(RESULT, sql.getExecuteSubstraitSchema(PLAN, TXN).schema());
    assertEquals(RESULT, sql.getExecuteSubstraitSchema(PLAN).schema());
    assertEquals(List.of(new StatementSubstraitPlan(PLAN, bytes("t1")), new StatementSubstraitPlan(PLAN, null)),
        service.received);
  }

  @Test
  void executeSubstraitUpdateReturnsTheCount() {
    assertEquals(7, sql.executeSubstraitUpdate(PLAN));
    assertEquals(7, sql.executeSubstraitUpdate(PLAN, TXN));
    assertEquals(List.of(new StatementSubstraitPlan(PLAN, null), new StatementSubstraitPlan(PLAN, bytes("t1"))),
        service.received);
  }

  @Test
  void aPreparedPlanUsesTheSubstraitActionThenTheHandle() {
    try (PreparedStatement s = sql.prepare(PLAN, TXN)) {
      assertEquals(9, s.executeUpdate());
    }
    assertEquals(List.of(new CreatePreparedSubstraitPlanRequest(PLAN, bytes("t1")),
        new PreparedStatementUpdate(bytes("prepared-plan")),
        new ClosePreparedStatementRequest(bytes("prepared-plan"))), service.received);
  }

  @Test
  void aPreparedPlanOutsideATransactionSendsNoTransactionId() {
    try (PreparedStatement s = sql.prepare(PLAN)) {
      assertEquals(new CreatePreparedSubstraitPlanRequest(PLAN, null), service.received.get(0));
      assertNull(((CreatePreparedSubstraitPlanRequest) service.received.get(0)).transactionId());
    }
  }

  @Test
  void theServerReadsTheFlightInfoToCancel() {
    FlightInfo info = sql.executeSubstrait(PLAN);
    assertEquals(CancelResult.CANCELLING, sql.cancelQuery(info));
    assertEquals(info, service.cancelled);
    assertArrayEquals(new TicketStatementQuery(bytes("h1")).toBytes(),
        service.cancelled.endpoints().get(0).ticket().ticket());
  }

  @Test
  void aMalformedFlightInfoToCancelIsInvalidArgument() {
    CancelQueryRequest request = new CancelQueryRequest(new byte[] {(byte) 0xff, 0x01, 0x02});
    assertThrows(FlightInvalidArgumentError.class, request::flightInfo);
  }
}
