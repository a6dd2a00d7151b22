package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client of {@code serve --sql} cannot do, whatever SQL it sends: reach files (read or
 * write), other databases or extensions, or turn that back on; and describing a statement
 * (preparing it, asking its schema) never runs it, also for statements that return rows and
 * change data ({@code ... RETURNING}).
 */
class SqlSafetyTest {
  @TempDir
  Path dir;

  private BufferAllocator allocator;
  private SqlEngine engine;
  private FlightServer server;
  private FlightClient client;
  private FlightSqlClient sql;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("people.csv"), "id,name\n1,ada\n2,grace\n");
    allocator = new RootAllocator();
    engine = new SqlEngine();
    DirectoryService files = new DirectoryService(dir, allocator);
    SqlTables tables = new SqlTables(engine, files.paths(), allocator);
    assertEquals(List.of(), tables.loadAll());
    server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
        new SqlService(engine, tables, files, allocator)).build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
    sql = new FlightSqlClient(client);
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    server.close();
    engine.close();
    allocator.close();
  }

  @Test
  void noFileOrDatabaseOrExtensionIsReachable() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "do not read");
    Path written = dir.resolve("written.csv");
    List<String> refused = List.of(
        "SELECT * FROM read_text('" + secret + "')",
        "SELECT * FROM read_csv('" + dir.resolve("people.csv") + "')",
        "COPY (SELECT 1) TO '" + written + "'",
        "ATTACH '" + dir.resolve("other.db") + "' AS other",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false");
    for (String statement : refused) {
      FlightError e = assertThrows(FlightError.class, () -> rows(sql.execute(statement)), statement);
      assertTrue(e.getMessage().contains("Error"), statement + ": " + e.getMessage());
    }
    assertFalse(Files.exists(written));
    assertFalse(Files.exists(dir.resolve("other.db")));
    // the served tables still answer
    assertEquals(List.of(List.of("2")), rows(sql.execute("SELECT count(*) FROM people")));
  }

  @Test
  void describingAStatementThatReturnsRowsDoesNotRunIt() {
    assertEquals(0, sql.executeUpdate("CREATE TABLE t (x INTEGER)"));
    assertEquals(2, sql.executeUpdate("INSERT INTO t VALUES (1), (2)"));
    try (PreparedStatement ps = sql.prepare("DELETE FROM t RETURNING x")) {
      assertEquals(List.of("x"), ps.resultSetSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(List.of(List.of("2")), rows(sql.execute("SELECT count(*) FROM t")));
    }
    try (PreparedStatement ps = sql.prepare("INSERT INTO t VALUES (?) RETURNING x")) {
      assertEquals(1, ps.parameterSchema().getFields().size());
    }
    sql.getExecuteSchema("UPDATE t SET x = x + 10 RETURNING x");
    assertEquals(List.of(List.of("1"), List.of("2")), rows(sql.execute("SELECT x FROM t ORDER BY x")));
  }

  private List<List<String>> rows(FlightInfo info) {
    List<List<String>> out = new ArrayList<>();
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        VectorSchemaRoot root = r.root();
        for (int i = 0; i < root.getRowCount(); i++) {
          List<String> row = new ArrayList<>();
          for (var v : root.getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o == null ? null : o.toString());
          }
          out.add(row);
        }
      }
    }
    return out;
  }
}
