package dev.flightwire.internal.integration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.GetCatalogs;
import dev.flightwire.sql.StatementUpdate;
import dev.flightwire.sql.TableRef;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * The Flight SQL scenarios' checks fail when the other side strays from the scenario: our client
 * against servers that answer one thing differently, and our server against requests that differ.
 */
class FlightSqlScenariosTest {
  /** Runs {@code scenario}'s client against {@code service}; returns the failure. */
  private static IntegrationFailure clientFails(Scenario scenario, Function<BufferAllocator, FlightServerBase> service)
      throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
            service.apply(allocator)).build().start();
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
      return assertThrows(IntegrationFailure.class, () -> scenario.runClient(allocator, client));
    }
  }

  @Test
  void aWrongUpdateCountFails() throws Exception {
    IntegrationFailure f = clientFails(new FlightSqlScenarios.Basic(), a -> new FlightSqlScenarioServer(a, false) {
      @Override
      protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command,
          FlightStreamReader reader) {
        return 9999;
      }
    });
    assertTrue(f.getMessage().contains("rows of the update: expected 10000 but got 9999"), f.getMessage());
  }

  @Test
  void aResultWithAnotherSchemaFails() throws Exception {
    IntegrationFailure f = clientFails(new FlightSqlScenarios.Basic(), a -> new FlightSqlScenarioServer(a, false) {
      @Override
      protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
        return super.doGetTableTypes(context, null);
      }
    });
    assertTrue(f.getMessage().startsWith("GetCatalogs: schema of the result"), f.getMessage());
  }

  @Test
  void serverInformationWithoutCancelFails() throws Exception {
    IntegrationFailure f = clientFails(new FlightSqlScenarios.Extension(), a -> new FlightSqlScenarioServer(a, false) {
      @Override
      protected dev.flightwire.sql.SqlInfoBuilder sqlInfo() {
        return super.sqlInfo().withBoolean(dev.flightwire.sql.SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false);
      }

      @Override
      protected FlightDataStream doGetSqlInfo(ServerCallContext context, dev.flightwire.sql.GetSqlInfo command) {
        return sqlInfo().stream(allocator(), command);
      }
    });
    assertTrue(f.getMessage().contains("FLIGHT_SQL_SERVER_CANCEL: expected true but got false"), f.getMessage());
  }

  @Test
  void aServerWithoutIngestionSupportFailsTheIngestionScenario() throws Exception {
    IntegrationFailure f = clientFails(new FlightSqlScenarios.Ingestion(), a -> new FlightSqlScenarioServer(a, false));
    assertTrue(f.getMessage().contains("FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED: expected true but got null"),
        f.getMessage());
  }

  @Test
  void theServerRefusesRequestsThatStrayFromTheScenario() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
            new FlightSqlScenarioServer(allocator, false)).build().start();
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(allocator).build())) {
      FlightSqlClient sql = new FlightSqlClient(client);
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
          () -> sql.getPrimaryKeys(new TableRef("catalog", "db_schema", "other")));
      assertTrue(e.getMessage().contains("table: expected table, got other"), e.getMessage());
      assertThrows(FlightInvalidArgumentError.class, () -> sql.executeUpdate("UPDATE OTHER"));
      assertThrows(FlightInvalidArgumentError.class, () -> sql.prepare("SELECT 1"));
    }
  }
}
