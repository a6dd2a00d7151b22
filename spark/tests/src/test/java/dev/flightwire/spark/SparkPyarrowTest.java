package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reading a pyarrow 25 Flight server (C++ Flight, not flightwire) through the connector.
 * Its endpoints name {@code arrow-flight-reuse-connection://?}: the tasks read them from the
 * service the options name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkPyarrowTest {
  private static final long ROWS = 5_000;

  @TempDir
  static Path dir;

  private BufferAllocator allocator;
  private ServerProcess server;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    Path file = dir.resolve("sales.arrow");
    TestData.write(allocator, file, 0, ROWS, 700);
    server = ServerProcess.python("file_server.py", "--file", file.toString(), "--name", "sales",
        "--host", "127.0.0.6", "--port", "0", "--reuse-connection");
    spark = Spark.session();
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    server.close();
    allocator.close();
  }

  private Dataset<Row> sales() {
    return spark.read().format("flight").option("location", server.location()).option("path", "sales").load();
  }

  @Test
  void everyColumnValueForValue() {
    TestData.assertAllRows(sales().collectAsList(), ROWS);
  }

  /** pyarrow knows no scan command (NOT_FOUND): the connector reads the path and filters itself. */
  @Test
  void pushdownFallsBackToThePath() {
    List<Row> rows = sales().filter("amount > 3000").select("id").collectAsList();
    long want = 0;
    for (long id = 0; id < ROWS; id++) {
      Double a = TestData.amount(id);
      if (a != null && a > 3000) {
        want++;
      }
    }
    assertEquals(want, rows.size());
  }
}
