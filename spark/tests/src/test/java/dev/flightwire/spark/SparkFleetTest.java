package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ResultStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reading one dataset spread over a fleet: four {@code flightwire serve --dir} processes on
 * distinct loopback addresses (shard 1 on two replicas, shards 2 and 3 on one each), a pyarrow
 * server as a fourth shard, and {@code flightwire serve --shard ...} answering GetFlightInfo with
 * the endpoints of all of them. Checked value for value against the rows written; push-down
 * checked by the data servers' counters; and a replica killed while a task reads from it, the job
 * still giving every row exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkFleetTest {
  /** shard 1 is large enough that its stream cannot finish while the reader holds back */
  private static final long[] SHARDS = {0, 200_000, 210_000, 220_000, 225_000};
  private static final long ROWS = SHARDS[SHARDS.length - 1];

  @TempDir
  static Path dir;

  private BufferAllocator allocator;
  private final List<ServerProcess> data = new ArrayList<>();
  private ServerProcess replica1a;
  private ServerProcess pyarrow;
  private ServerProcess catalog;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    Path[] dirs = new Path[3];
    for (int s = 0; s < 3; s++) {
      dirs[s] = Files.createDirectories(dir.resolve("shard" + (s + 1)));
      TestData.write(allocator, dirs[s].resolve("sales.arrow"), SHARDS[s], SHARDS[s + 1], 10_000);
    }
    Path pyFile = dir.resolve("shard4.arrow");
    TestData.write(allocator, pyFile, SHARDS[3], SHARDS[4], 2_000);
    replica1a = serve(dirs[0], "127.0.0.2");
    ServerProcess replica1b = serve(dirs[0], "127.0.0.3");
    ServerProcess shard2 = serve(dirs[1], "127.0.0.4");
    ServerProcess shard3 = serve(dirs[2], "127.0.0.5");
    pyarrow = ServerProcess.python("file_server.py", "--file", pyFile.toString(), "--name", "sales",
        "--host", "127.0.0.6", "--port", "0");
    catalog = ServerProcess.flightwire("--host", "127.0.0.1", "--port", "0",
        "--shard", replica1a.location() + "," + replica1b.location(),
        "--shard", shard2.location(), "--shard", shard3.location(), "--shard", pyarrow.location());
    spark = Spark.session();
  }

  private ServerProcess serve(Path d, String host) throws Exception {
    ServerProcess p = ServerProcess.flightwire("--dir", d.toString(), "--host", host, "--port", "0");
    data.add(p);
    return p;
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    catalog.close();
    pyarrow.close();
    for (ServerProcess p : data) {
      p.close();
    }
    allocator.close();
  }

  private Dataset<Row> sales() {
    return spark.read().format("flight").option("location", catalog.location()).option("path", "sales").load();
  }

  @Test
  @Order(1)
  void oneTaskPerEndpointWithTheirHosts() {
    try (FlightClient c = FlightClient.connect(Location.parse(catalog.location()))) {
      FlightInfo info = c.getFlightInfo(FlightDescriptor.forPath("sales"));
      assertEquals(4, info.endpoints().size());
      assertEquals(2, info.endpoints().get(0).locations().size(), "shard 1 has two replicas");
      assertEquals(ROWS, info.totalRecords());
    }
    assertEquals(4, sales().rdd().getNumPartitions());
  }

  @Test
  @Order(2)
  void everyRowOfEveryShardValueForValue() {
    TestData.assertAllRows(sales().collectAsList(), ROWS);
  }

  /** The flightwire shards apply the scan command: fewer bytes leave them than for a full read. */
  @Test
  @Order(3)
  void pushdownMovesFewerBytes() {
    long before = bytesSent();
    assertEquals(ROWS, sales().select("id", "name").collectAsList().size());
    long full = bytesSent() - before;

    before = bytesSent();
    List<Row> rows = sales().filter("id >= 205000 AND small < 100").select("name", "id").collectAsList();
    long pushed = bytesSent() - before;
    long want = 0;
    for (long id = 205_000; id < ROWS; id++) {
      if (id % 1000 < 100) {
        want++;
      }
    }
    assertEquals(want, rows.size());
    for (Row r : rows) {
      assertEquals(TestData.name(r.getLong(1)), r.getString(0));
    }
    assertTrue(pushed * 10 < full, "pushed down " + pushed + " bytes, a projection of two columns " + full);
  }

  /** The data servers' DoGet body bytes, from their {@code counters} action. */
  private long bytesSent() {
    long sum = 0;
    Pattern bytes = Pattern.compile("\"do_get_bytes\"\\s*:\\s*(\\d+)");
    for (ServerProcess p : data) {
      if (!p.isAlive()) {
        continue;
      }
      try (FlightClient c = FlightClient.connect(Location.parse(p.location()));
           ResultStream<Result> r = c.doAction(new Action("counters"))) {
        Matcher m = bytes.matcher(new String(r.next().body(), StandardCharsets.UTF_8));
        assertTrue(m.find());
        sum += Long.parseLong(m.group(1));
      }
    }
    return sum;
  }

  /** Rows of shard 1 read so far by the slow reader below (same JVM: Spark runs local). */
  static final AtomicLong SHARD1_PROGRESS = new AtomicLong();

  /** Reads ids slowly, so that shard 1's stream is held back by flow control. */
  static final class SlowIds implements MapPartitionsFunction<Row, Long> {
    @Override
    public Iterator<Long> call(Iterator<Row> rows) throws Exception {
      List<Long> ids = new ArrayList<>();
      while (rows.hasNext()) {
        long id = rows.next().getLong(0);
        ids.add(id);
        if (id < SHARDS[1] && SHARD1_PROGRESS.incrementAndGet() % 10_000 == 0) {
          Thread.sleep(50);
        }
      }
      return ids.iterator();
    }
  }

  @Test
  @Order(4)
  void replicaKilledMidReadJobStillCorrect() throws Exception {
    SHARD1_PROGRESS.set(0);
    CompletableFuture<List<Long>> job = CompletableFuture.supplyAsync(
        () -> sales().mapPartitions(new SlowIds(), Encoders.LONG()).collectAsList());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (SHARD1_PROGRESS.get() < 30_000 && System.nanoTime() < deadline && !job.isDone()) {
      Thread.sleep(5);
    }
    long atKill = SHARD1_PROGRESS.get();
    assertTrue(atKill >= 30_000 && atKill < SHARDS[1], "shard 1 was mid-read when its replica went: " + atKill);
    replica1a.kill();
    List<Long> ids = new ArrayList<>(job.get(120, TimeUnit.SECONDS));
    ids.sort(null);
    assertEquals(ROWS, ids.size(), "every row exactly once");
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(i, ids.get(i));
    }
  }
}
