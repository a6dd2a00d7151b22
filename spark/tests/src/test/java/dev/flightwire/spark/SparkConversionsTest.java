package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A pandas user's upload read by Spark: pyarrow uploads a table with a categorical column,
 * nanosecond and millisecond timestamps, unsigned integers, date64 and string_view into the demo
 * service (which keeps it as sent), and Spark reads it back through the connector's conversions,
 * value for value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkConversionsTest {
  private static final int ROWS = 1000;
  private static final String[] COLORS = {"red", "green", "blue"};

  private ServerProcess demo;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    demo = ServerProcess.flightwire("--host", "127.0.0.8", "--port", "0");
    Process upload = new ProcessBuilder(System.getProperty("flightwire.python"),
        System.getProperty("flightwire.pyscripts") + "/upload_pandas.py", "--location", demo.location(),
        "--path", "pandas/frame", "--rows", String.valueOf(ROWS)).redirectErrorStream(true).start();
    String out = new String(upload.getInputStream().readAllBytes());
    upload.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, upload.exitValue(), out);
    spark = Spark.session();
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    demo.close();
  }

  @Test
  void pandasUploadReadBackValueForValue() {
    Dataset<Row> df = spark.read().format("flight").option("location", demo.location())
        .option("path", "pandas/frame").load();
    assertEquals("struct<id:bigint,cat:string,ts_ns:timestamp_ntz,ts_ms:timestamp,u8:smallint,u32:bigint,"
        + "d64:date,sv:string>", df.schema().simpleString());
    List<Row> rows = df.collectAsList().stream().sorted(Comparator.comparingLong(r -> r.getLong(0))).toList();
    assertEquals(ROWS, rows.size());
    for (int i = 0; i < ROWS; i++) {
      Row r = rows.get(i);
      String at = "row " + i + ": " + r;
      assertEquals((long) i, r.getLong(0), at);
      assertEquals(i % 10 == 0 ? null : COLORS[i % 3], r.get(1), at);
      long nanos = i * 1_000_001L;
      assertEquals(LocalDateTime.ofEpochSecond(1_600_000_000L, 0, ZoneOffset.UTC).plusNanos(nanos / 1000 * 1000),
          r.get(2), at);
      assertEquals(i % 9 == 0 ? null : Instant.ofEpochMilli(1_600_000_000_000L + i), r.get(3), at);
      assertEquals((short) (i % 256), r.get(4), at);
      assertEquals(i % 2 == 1 ? i * 1000L + 4_000_000_000L : (long) i, r.get(5), at);
      assertEquals(LocalDate.ofEpochDay(18000 + i), r.get(6), at);
      assertEquals(i % 7 == 0 ? null : "s" + i, r.get(7), at);
    }
  }
}
