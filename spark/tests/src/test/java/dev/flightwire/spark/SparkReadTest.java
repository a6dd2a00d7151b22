package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reading one {@code flightwire serve --dir} process: every column type, projection and
 * filters (this server does not know the scan command, so the connector falls back to the plain
 * path and still answers right), counting, and a type Spark cannot hold (uint64) refused by column name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkReadTest {
  private static final long ROWS = 10_000;

  @TempDir
  static Path dir;

  private BufferAllocator allocator;
  private ServerProcess server;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    TestData.write(allocator, dir.resolve("sales.arrow"), 0, ROWS, 1000);
    writeUnsigned(dir.resolve("odd.arrow"));
    server = ServerProcess.flightwire("--dir", dir.toString(), "--host", "127.0.0.2", "--port", "0");
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

  @Test
  void projectionAndFiltersWithoutServerSupport() {
    List<Row> rows = sales().filter("id >= 500 AND name IS NOT NULL AND small < 900").select("name", "id")
        .collectAsList();
    long want = 0;
    for (long id = 500; id < ROWS; id++) {
      if (TestData.name(id) != null && id % 1000 < 900) {
        want++;
      }
    }
    assertEquals(want, rows.size());
    for (Row r : rows) {
      assertEquals(TestData.name(r.getLong(1)), r.getString(0));
    }
  }

  @Test
  void count() {
    assertEquals(ROWS, sales().count());
  }

  @Test
  void schemaFromGetFlightInfo() {
    assertArrayEquals(new String[] {"id", "name", "amount", "small", "flag", "day", "ts", "local_ts", "price", "raw",
        "tags", "point"}, sales().schema().fieldNames());
  }

  @Test
  void unsupportedTypeNamesTheColumn() {
    Exception e = assertThrows(Exception.class,
        () -> spark.read().format("flight").option("location", server.location()).option("path", "odd").load());
    assertTrue(e.getMessage().contains("column \"u\" has the Arrow type"), e.getMessage());
  }

  /**
   * flightwire's Netty is relocated in the connector jar, and its native epoll transport and
   * BoringSSL still load under the relocated names (Linux x86_64 and aarch64 builds).
   */
  @Test
  void relocatedNativeTransportLoads() throws Exception {
    for (String c : List.of("dev.flightwire.spark.shaded.io.netty.channel.epoll.Epoll",
        "dev.flightwire.spark.shaded.io.netty.handler.ssl.OpenSsl")) {
      Class<?> k = Class.forName(c);
      Object cause = k.getMethod("unavailabilityCause").invoke(null);
      assertEquals(Boolean.TRUE, k.getMethod("isAvailable").invoke(null), c + ": " + cause);
    }
    assertEquals("epoll", Class.forName("dev.flightwire.internal.util.Transports").getMethod("name").invoke(null));
  }

  @Test
  void missingOptionIsNamed() {
    Exception e = assertThrows(Exception.class, () -> spark.read().format("flight").option("path", "sales").load());
    assertTrue(e.getMessage().contains("the option location is required"), e.getMessage());
  }

  private void writeUnsigned(Path file) throws Exception {
    Schema s = new Schema(List.of(Field.nullable("u", new ArrowType.Int(64, false))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(s, allocator);
         FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      UInt8Vector u = (UInt8Vector) root.getVector(0);
      u.allocateNew(1);
      u.set(0, 7);
      root.setRowCount(1);
      w.start();
      w.writeBatch();
      w.end();
    }
    Files.size(file);
  }
}
