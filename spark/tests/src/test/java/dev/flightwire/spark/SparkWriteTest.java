package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark writing into a {@code flightwire serve --dir} process: one DoPut per task into a staging
 * area, committed by the driver (append, overwrite, errorifexists, ignore), read back value for
 * value; a job with a task forced to fail mid-upload leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkWriteTest {
  @TempDir
  static Path dir;

  private ServerProcess server;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    server = ServerProcess.flightwire("--dir", dir.toString(), "--host", "127.0.0.7", "--port", "0");
    spark = Spark.session();
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    server.close();
  }

  /** Rows from..to of a table with nulls, strings, dates, timestamps, decimals and arrays. */
  private Dataset<Row> source(long from, long to, int partitions) {
    return spark.range(from, to, 1, partitions).selectExpr("id",
        "if(id % 7 = 0, null, concat('name-', id)) as name",
        "id * 1.5 as amount",
        "date_add(date'2020-01-01', cast(id % 1000 as int)) as day",
        "timestamp_micros(1700000000000000 + id) as ts",
        "cast(id as decimal(18, 2)) / 100 as price",
        "if(id % 5 = 0, null, array(concat('t', id % 3), null)) as tags");
  }

  private Dataset<Row> read(String path) {
    return spark.read().format("flight").option("location", server.location()).option("path", path).load();
  }

  private void write(Dataset<Row> df, String path, SaveMode mode) {
    df.write().format("flight").option("location", server.location()).option("path", path).mode(mode).save();
  }

  private static void assertSameRows(Dataset<Row> want, Dataset<Row> got) {
    assertEquals(want.count(), got.count());
    assertEquals(0, want.exceptAll(got).count(), "rows missing from what was read back");
    assertEquals(0, got.exceptAll(want).count(), "rows read back that were not written");
  }

  @Test
  void createAppendOverwriteIgnore() {
    write(source(0, 50_000, 4), "sales", SaveMode.ErrorIfExists);
    assertSameRows(source(0, 50_000, 1), read("sales"));
    assertEquals(4, read("sales").rdd().getNumPartitions(), "one endpoint per written partition");

    write(source(50_000, 60_000, 2), "sales", SaveMode.Append);
    assertSameRows(source(0, 60_000, 1), read("sales"));

    Exception e = assertThrows(Exception.class, () -> write(source(0, 10, 1), "sales", SaveMode.ErrorIfExists));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());

    write(source(0, 10, 1), "sales", SaveMode.Ignore);
    assertEquals(60_000, read("sales").count());

    write(source(100, 200, 3), "sales", SaveMode.Overwrite);
    assertSameRows(source(100, 200, 1), read("sales"));
  }

  /**
   * Partition 1 fails at its 70,000th row, after its first batch of 65,536 rows was sent: its
   * upload is cancelled, the other tasks' staged uploads are dropped by the abort, and the
   * dataset never appears.
   */
  @Test
  void failedTaskLeavesNothing() throws IOException {
    Dataset<Row> failing = spark.range(0, 400_000, 1, 4)
        .selectExpr("id", "if(id = 170000, raise_error('forced failure'), concat('n', id)) as name");
    Exception e = assertThrows(Exception.class, () -> write(failing, "broken", SaveMode.ErrorIfExists));
    assertTrue(String.valueOf(e.getMessage()).contains("forced failure")
        || String.valueOf(e.getCause()).contains("forced failure"), String.valueOf(e));
    assertEquals(List.of(), dataFiles("broken"), "no file of the failed job in the dataset");
    assertEquals(List.of(), dataFiles(".staging"), "nothing left staged");
    Exception missing = assertThrows(Exception.class, () -> read("broken").count());
    assertTrue(String.valueOf(missing.getMessage()).contains("NOT_FOUND")
        || String.valueOf(missing).contains("NotFound"), String.valueOf(missing));
  }

  /**
   * A task failing with an ordinary exception (here in a Java UDF) fails the job with Spark's own
   * SparkException: the driver still aborts, after the job's other tasks have ended.
   */
  @Test
  void jobFailingInAUdfLeavesNothingStaged() throws IOException {
    spark.udf().register("fail_at", (UDF1<Long, Long>) id -> {
      if (id == 170_000L) {
        throw new IllegalStateException("forced failure in a UDF");
      }
      return id;
    }, DataTypes.LongType);
    Dataset<Row> failing = spark.range(0, 400_000, 1, 4).selectExpr("fail_at(id) as id", "concat('n', id) as name");
    Exception e = assertThrows(Exception.class, () -> write(failing, "broken2", SaveMode.ErrorIfExists));
    assertTrue(String.valueOf(e).contains("SparkException"), String.valueOf(e));
    assertEquals(List.of(), dataFiles("broken2"), "no file of the failed job in the dataset");
    assertEquals(List.of(), dataFiles(".staging"), "nothing left staged");
  }

  private List<Path> dataFiles(String sub) throws IOException {
    Path d = dir.resolve(sub);
    if (!Files.exists(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
