package dev.flightwire.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The fleet benchmark (not a test; spark/bench/fleet_bench.sh runs it): four endpoints of shape a
 * (4 int64 columns, 65,536 rows a batch, 1 GiB each by default) on four {@code serve --dir}
 * processes behind a {@code serve --shard} catalog, read
 * <ul>
 *   <li>by flightwire's {@code EndpointFetcher} (a JVM of its own, all endpoints at once,
 *       touching the first column),
 *   <li>by Spark through the connector: {@code sum(c0)} with push-down off (every column crosses
 *       the network, one is used, as above), and the {@code noop} sink (every value made a row),
 *   <li>by Spark from the same data as Parquet on local disk ({@code sum(c0)} and {@code noop}).
 * </ul>
 * Repetitions interleave the readers; medians are printed with the ratios to EndpointFetcher.
 *
 * <pre>
 * SparkFleetBenchmark WORKDIR FLIGHTWIRE_JAR BENCHMARKS_JAR [--mib-per-endpoint N] [--reps N]
 * </pre>
 */
public final class SparkFleetBenchmark {
  private static final int ROWS = 65_536;

  private SparkFleetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    System.setProperty("flightwire.jar", args[1]);
    String benchmarksJar = args[2];
    long mib = 1024;
    int reps = 5;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--mib-per-endpoint" -> mib = Long.parseLong(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    int batches = (int) (mib / 2); // 2 MiB a batch
    List<ServerProcess> servers = new ArrayList<>();
    List<String> locations = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int s = 0; s < 4; s++) {
        Path d = Files.createDirectories(work.resolve("shard" + s));
        Path f = d.resolve("a.arrow");
        if (!Files.exists(f) || Files.size(f) < (long) batches * ROWS * 32) {
          write(allocator, f, batches, s);
        }
        ServerProcess p = ServerProcess.flightwire("--dir", d.toString(), "--host", "127.0.0." + (2 + s), "--port", "0");
        servers.add(p);
        locations.add(p.location());
      }
    }
    List<String> catalogArgs = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
    for (String l : locations) {
      catalogArgs.add("--shard");
      catalogArgs.add(l);
    }
    ServerProcess catalog = ServerProcess.flightwire(catalogArgs.toArray(new String[0]));
    servers.add(catalog);
    double gb = 4.0 * batches * ROWS * 32 / 1e9;
    SparkSession spark = SparkSession.builder().master("local[*]").appName("fleet-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    try {
      Path parquet = work.resolve("parquet");
      if (!Files.exists(parquet.resolve("_SUCCESS"))) {
        flight(spark, catalog.location(), true).write().mode("overwrite").parquet(parquet.toString());
      }
      Map<String, Supplier<Double>> readers = new LinkedHashMap<>();
      readers.put("EndpointFetcher (own JVM)", () -> fetch(benchmarksJar, catalog.location()));
      readers.put("Spark flight sum(c0)", () -> time(() -> flight(spark, catalog.location(), false)
          .selectExpr("sum(c0)").collectAsList()));
      readers.put("Spark flight noop", () -> time(() -> flight(spark, catalog.location(), true)
          .write().format("noop").mode("overwrite").save()));
      readers.put("Spark parquet sum(c0)", () -> time(() -> spark.read().parquet(parquet.toString())
          .selectExpr("sum(c0)").collectAsList()));
      readers.put("Spark parquet noop", () -> time(() -> spark.read().parquet(parquet.toString())
          .write().format("noop").mode("overwrite").save()));
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      for (int r = -1; r < reps; r++) { // one warm-up round
        for (Map.Entry<String, Supplier<Double>> e : readers.entrySet()) {
          double s = e.getValue().get();
          if (r >= 0) {
            seconds.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
          }
          System.out.printf("{\"reader\": \"%s\", \"rep\": %d, \"seconds\": %.3f, \"gb_s\": %.3f}%n", e.getKey(), r, s,
              gb / s);
        }
      }
      double reference = median(seconds.get("EndpointFetcher (own JVM)"));
      System.out.printf("%n%.2f GB in 4 endpoints; medians of %d repetitions%n", gb, reps);
      System.out.println("| reader | median s | GB/s | vs EndpointFetcher |");
      System.out.println("|---|---|---|---|");
      for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
        double m = median(e.getValue());
        System.out.printf("| %s | %.2f | %.2f | %.2fx |%n", e.getKey(), m, gb / m, reference / m);
      }
    } finally {
      spark.stop();
      for (ServerProcess p : servers) {
        p.close();
      }
    }
  }

  private static org.apache.spark.sql.Dataset<Row> flight(SparkSession spark, String location, boolean pushdown) {
    return spark.read().format("flight").option("location", location).option("path", "a")
        .option("pushdown", String.valueOf(pushdown)).load();
  }

  private static double time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** One repetition of FleetFetch in a JVM of its own (after two warm-up reads in it). */
  private static double fetch(String benchmarksJar, String location) {
    try {
      Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g", "-cp", benchmarksJar,
          "dev.flightwire.bench.FleetFetch", location, "a", "--reps", "1", "--warmup", "2")
          .redirectErrorStream(true).start();
      String out;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        out = String.join("\n", r.lines().toList());
      }
      if (p.waitFor() != 0) {
        throw new IllegalStateException("FleetFetch failed:\n" + out);
      }
      Matcher m = Pattern.compile("\"seconds\": ([0-9.]+)").matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("FleetFetch printed no time:\n" + out);
      }
      return Double.parseDouble(m.group(1));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** Shape a: 4 int64 columns, {@code batches} batches of 65,536 rows. */
  private static void write(BufferAllocator allocator, Path file, int batches, int shard) throws IOException {
    Field[] cols = new Field[4];
    for (int c = 0; c < 4; c++) {
      cols[c] = Field.notNullable("c" + c, new ArrowType.Int(64, true));
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(cols)), allocator);
         FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
             StandardOpenOption.TRUNCATE_EXISTING);
         ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      for (int b = 0; b < batches; b++) {
        for (int c = 0; c < 4; c++) {
          BigIntVector v = (BigIntVector) root.getVector(c);
          v.allocateNew(ROWS);
          for (int i = 0; i < ROWS; i++) {
            v.set(i, ((long) b * ROWS + i) * (c + 1) + shard);
          }
          v.setValueCount(ROWS);
        }
        root.setRowCount(ROWS);
        w.writeBatch();
      }
      w.end();
    }
  }
}
