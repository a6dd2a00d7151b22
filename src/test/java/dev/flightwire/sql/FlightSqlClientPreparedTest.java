package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamReader;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FlightSqlClient's prepared statements against the Flight SQL test double on a real server. */
class FlightSqlClientPreparedTest {
  private BufferAllocator allocator;
  private FlightSqlClientDouble service;
  private SqlClientPair<FlightSqlClientDouble> pair;
  private FlightClient client;
  private FlightSqlClient sql;

  @BeforeEach
  void setUp() throws Exception {
    pair = SqlClientPair.start(FlightSqlClientDouble::new);
    allocator = pair.allocator;
    service = pair.service;
    client = pair.client;
    sql = pair.sql;
  }

  @AfterEach
  void tearDown() {
    pair.close();
  }

  private VectorSchemaRoot ids(Long... values) {
    VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlClientDouble.PARAMS, allocator);
    BigIntVector id = (BigIntVector) root.getVector("id");
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        id.setNull(i);
      } else {
        id.setSafe(i, values[i]);
      }
    }
    root.setRowCount(values.length);
    return root;
  }

  @Test
  void prepareDecodesTheSchemas() {
    try (PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED)) {
      assertEquals(FlightSqlClientDouble.USERS, ps.resultSetSchema());
      assertEquals(FlightSqlClientDouble.PARAMS, ps.parameterSchema());
      assertEquals(FlightSqlClientDouble.USERS, ps.fetchSchema().schema());
    }
  }

  @Test
  void executeWithParametersUploadsThemThenUsesTheNewHandle() {
    try (PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED);
         VectorSchemaRoot params = ids(2L, null, 7L)) {
      ps.setParameters(params);
      FlightInfo info = ps.execute();
      assertEquals(List.of(Arrays.asList(2L, null, 7L)), service.boundParameters);
      assertEquals(List.of(FlightSqlClientDouble.BOUND_HANDLE), service.executedHandles);
      try (FlightStreamReader reader = sql.getStream(info.endpoints().get(0).ticket())) {
        assertTrue(reader.next());
        assertEquals(3, reader.root().getRowCount());
      }
      ps.execute();   // the parameters were sent once; the server keeps them bound to the new handle
      assertEquals(1, service.boundParameters.size());
      assertEquals(List.of(FlightSqlClientDouble.BOUND_HANDLE, FlightSqlClientDouble.BOUND_HANDLE),
          service.executedHandles);
    }
    assertEquals(List.of(FlightSqlClientDouble.BOUND_HANDLE), service.closed);
  }

  @Test
  void executeWithoutParametersSendsNoDoPut() {
    try (PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED)) {
      ps.execute();
      assertTrue(service.boundParameters.isEmpty());
      assertEquals(List.of(FlightSqlClientDouble.FIRST_HANDLE), service.executedHandles);
    }
  }

  @Test
  void executeUpdateUploadsTheParametersAndReturnsTheCount() {
    try (PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED);
         VectorSchemaRoot params = ids(1L, 2L)) {
      ps.setParameters(params);
      assertEquals(2, ps.executeUpdate());
      assertEquals(List.of(List.of(1L, 2L)), service.boundParameters);
      assertEquals(List.of("prepared ps-1 rows=2"), service.updates);
    }
  }

  @Test
  void closeSendsClosePreparedStatementOnceAndThenEveryCallThrows() {
    PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED);
    assertFalse(ps.isClosed());
    ps.close();
    ps.close();
    assertTrue(ps.isClosed());
    assertEquals(List.of(FlightSqlClientDouble.FIRST_HANDLE), service.closed);
    assertThrows(IllegalStateException.class, ps::execute);
    assertThrows(IllegalStateException.class, ps::executeUpdate);
    assertThrows(IllegalStateException.class, ps::fetchSchema);
    try (VectorSchemaRoot params = ids(1L)) {
      assertThrows(IllegalStateException.class, () -> ps.setParameters(params));
    }
  }

  @Test
  void aMalformedSchemaFailsThePrepareAndClosesTheStatement() {
    dev.flightwire.FlightInternalError e = assertThrows(dev.flightwire.FlightInternalError.class,
        () -> sql.prepare("BAD SCHEMA"));
    assertTrue(e.getMessage().contains("malformed dataset schema"), e.getMessage());
    assertEquals(List.of("ps-bad"), service.closed);
  }

  @Test
  void twoResultsFailThePrepareAndCloseBothStatements() {
    dev.flightwire.FlightInternalError e = assertThrows(dev.flightwire.FlightInternalError.class,
        () -> sql.prepare("TWO RESULTS"));
    assertTrue(e.getMessage().contains("with 2 results; the protocol says 1"), e.getMessage());
    assertEquals(List.of("ps-a", "ps-b"), service.closed);
  }

  @Test
  void noResultFailsThePrepareAndClosesNothing() {
    dev.flightwire.FlightInternalError e = assertThrows(dev.flightwire.FlightInternalError.class,
        () -> sql.prepare("NO RESULT"));
    assertTrue(e.getMessage().contains("with 0 results; the protocol says 1"), e.getMessage());
    assertTrue(service.closed.isEmpty());
  }

  @Test
  void prepareInATransactionSendsItsId() {
    Transaction tx = sql.beginTransaction();
    try (PreparedStatement ps = sql.prepare(FlightSqlClientDouble.PREPARED, tx)) {
      assertEquals(List.of("begin", "prepare in tx-1"), service.actions);
    }
  }

  @Test
  void aFailedPrepareIsTheServersError() {
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, () -> sql.prepare("DROP x"));
    assertTrue(e.getMessage().contains("cannot prepare: DROP x"), e.getMessage());
    assertTrue(service.closed.isEmpty());
  }
}
