package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.Location;
import dev.flightwire.sql.FlightSqlClient;
import dev.flightwire.sql.PreparedStatement;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --sql --dir} as a user starts it ({@code java -jar target/flightwire.jar}, the
 * engine's jars in target/lib), with credentials, queried with our FlightSqlClient: the files as
 * tables, a prepared statement with a parameter, an error, refused calls without credentials; and
 * the jar without its lib directory, which names the missing jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliSqlIT {
  @TempDir
  static Path tmp;
  private Path dir;
  private CliProcess.Server server;
  private BufferAllocator allocator;

  @BeforeAll
  void start() throws Exception {
    dir = tmp.resolve("served");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("trips.csv"), "city,km\nOslo,12\nLima,3.5\n");
    allocator = new RootAllocator();
    writePoints(dir.resolve("sub/points.arrow"));
    server = CliProcess.Server.start("--sql", "--port", "0", "--dir", dir.toString(), "--user", "bob",
        "--password", "pw");
  }

  @AfterAll
  void stop() throws InterruptedException {
    server.close();
    allocator.close();
  }

  /** Two batches of 500 rows: n (0 to 999) and label ("row n"). */
  private void writePoints(Path file) throws IOException {
    BigIntVector n = new BigIntVector("n", allocator);
    VarCharVector label = new VarCharVector("label", allocator);
    try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(n, label));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      for (int b = 0; b < 2; b++) {
        root.allocateNew();
        for (int i = 0; i < 500; i++) {
          n.set(i, b * 500 + i);
          label.setSafe(i, ("row " + (b * 500 + i)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(500);
        w.writeBatch();
      }
      w.end();
    }
  }

  private FlightClient connect() {
    return FlightClient.connect(Location.parse(server.location()),
        FlightClientOptions.builder().allocator(allocator).build());
  }

  private static List<List<String>> rows(FlightSqlClient sql, FlightInfo info) {
    List<List<String>> out = new ArrayList<>();
    try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
      while (r.next()) {
        for (int i = 0; i < r.root().getRowCount(); i++) {
          List<String> row = new ArrayList<>();
          for (var v : r.root().getFieldVectors()) {
            Object o = v.getObject(i);
            row.add(o == null ? null : o.toString());
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Test
  void queriesTheFilesWithCredentials() {
    try (FlightClient client = connect()) {
      client.authenticateBasicToken("bob", "pw");
      FlightSqlClient sql = new FlightSqlClient(client);
      assertEquals(List.of(List.of("1000", "499500")), rows(sql, sql.execute("SELECT count(*), sum(n) FROM sub.points")));
      assertEquals(List.of(List.of("Oslo", "12.0")), rows(sql, sql.execute("SELECT * FROM trips WHERE km > 10")));
      assertEquals(List.of(List.of("memory", "main", "trips", "TABLE"), List.of("memory", "sub", "points", "TABLE")),
          rows(sql, sql.getTables(null, null, "%", List.of(), false)));
      try (PreparedStatement ps = sql.prepare("SELECT label FROM sub.points WHERE n = ?");
          VectorSchemaRoot parameters = VectorSchemaRoot.create(ps.parameterSchema(), allocator)) {
        ((BigIntVector) parameters.getVector(0)).setSafe(0, 777);
        parameters.setRowCount(1);
        ps.setParameters(parameters);
        assertEquals(List.of(List.of("row 777")), rows(sql, ps.execute()));
      }
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
          () -> sql.execute("SELECT nosuchcolumn FROM trips"));
      assertTrue(e.getMessage().contains("nosuchcolumn"), e.getMessage());
    }
  }

  @Test
  void theFilesAreStillFlights() throws Exception {
    CliProcess.Result r = CliProcess.run("get", server.location(), "trips", "--format", "csv", "--user", "bob",
        "--password", "pw");
    assertEquals(0, r.exit(), r.show());
    assertEquals("city,km\nOslo,12.0\nLima,3.5\n", r.out());
  }

  @Test
  void refusesCallsWithoutCredentials() {
    try (FlightClient client = connect()) {
      FlightSqlClient sql = new FlightSqlClient(client);
      assertThrows(FlightUnauthenticatedError.class, () -> sql.execute("SELECT 1"));
    }
  }

  @Test
  void sqlNeedsADirectory() throws Exception {
    CliProcess.Result r = CliProcess.run("serve", "--sql", "--port", "0");
    assertNotEquals(0, r.exit(), r.show());
    assertTrue(r.err().contains("--sql serves the files of --dir"), r.show());
  }

  @Test
  void withoutTheLibDirectoryItNamesTheMissingJar() throws Exception {
    Path alone = tmp.resolve("alone");
    Files.createDirectories(alone);
    Path jar = Files.copy(CliProcess.jar(), alone.resolve("flightwire.jar"));
    CliProcess.Result r = CliProcess.run(List.of(CliProcess.java(), "-jar", jar.toString(), "serve", "--sql", "--dir",
        dir.toString(), "--port", "0"), Map.of());
    assertEquals(1, r.exit(), r.show());
    assertTrue(r.err().contains("lib/duckdb_jdbc-"), r.show());
    assertTrue(r.err().contains("lib/arrow-c-data-"), r.show());
  }
}
