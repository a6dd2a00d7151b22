package dev.flightwire.bench;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The Java client of wire-tests/bench/demo_roundtrip.py: uploads shape a of BENCH-CONTRACT.md to
 * path ["bench", "a"] of a server that keeps uploads (the flightwire demo, or
 * pyarrow_keep_server.py), then downloads it again (GetFlightInfo, then DoGet of the endpoint's
 * ticket).
 *
 * <p>{@code --location URI} (repeatable; or {@code --host H --port P}) {@code --warmup W --reps R
 * [--step]}. Each repetition is one round trip (DoPut, then GetFlightInfo and DoGet) against every
 * location in turn, on one connection per location opened at start; the upload's batch is built
 * once, before any timing, and sent 512 times. A DoPut is timed from opening the call until the
 * server's final status (DoPutStreams.close); GetFlightInfo is not timed, the DoGet is timed from
 * opening the call until the end of the stream. The download touches every batch: its row count,
 * and the sum of column c3 (plain memory reads, about 1% of a download), which must equal the
 * uploaded values' sum, as must the row count and the FlightInfo's total_records; any mismatch or
 * error ends the program with exit code 1.
 *
 * <p>For each measured repetition and location one JSON line on stdout, e.g.
 * {@code {"op": "roundtrip", "server": "grpc+tcp://127.0.0.1:4711", "shape": "a", "rep": 0,
 * "put_seconds": 0.41, "get_seconds": 0.35, "bytes": 1073741824, "batches": 512, "rows": 33554432,
 * "c3_sum": 4398080065536}}; {@code bytes} counts the Arrow body bytes as BenchClient does.
 *
 * <p>{@code --step} hands the pacing to a driver: after the W warm-up repetitions (default 0 in
 * this mode), the program reads stdin line by line; each line holds a repetition number, and the
 * program runs that repetition against every location and prints its lines (negative numbers are
 * the driver's warm-ups, printed too so the driver knows the step is done). The repetition number
 * may be followed by the order of the locations for this step, as indexes in the order given on
 * the command line ({@code "3 1 0"}: the second location, then the first). It ends at stdin EOF.
 * demo_roundtrip.py uses it to interleave this client with pyarrow's while one JVM keeps its JIT
 * warm.
 */
public final class DemoRoundTripClient {
  private static final FlightDescriptor PATH = FlightDescriptor.forPath("bench", "a");

  private DemoRoundTripClient() {}

  private record Target(String name, FlightClient client) {}

  public static void main(String[] args) throws Exception {
    List<String> locations = new ArrayList<>();
    String host = "127.0.0.1";
    int reps = 5;
    Integer warmup = null;
    boolean step = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--location": locations.add(args[++i]); break;
        case "--host": host = args[++i]; break;
        case "--port": locations.add("grpc+tcp://" + host + ":" + Integer.parseInt(args[++i])); break;
        case "--reps": reps = Integer.parseInt(args[++i]); break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--step": step = true; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("no server: give --location URI or --port P");
    }
    int warm = warmup != null ? warmup : step ? 0 : 1;
    BenchShapes shape = BenchShapes.A;
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch = shape.batch(allocator)) {
      List<Target> targets = new ArrayList<>();
      try {
        for (String uri : locations) {
          targets.add(new Target(uri, FlightClient.connect(Location.parse(uri),
              FlightClientOptions.builder().allocator(allocator).build())));
        }
        for (int r = -warm; r < 0; r++) {
          roundTrips(targets, batch, shape, r, false);
        }
        if (step) {
          BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          String line;
          while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty()) {
              continue;
            }
            List<Target> order = targets;
            if (words.length > 1) {
              order = new ArrayList<>();
              for (int i = 1; i < words.length; i++) {
                order.add(targets.get(Integer.parseInt(words[i])));
              }
            }
            roundTrips(order, batch, shape, Integer.parseInt(words[0]), true);
          }
        } else {
          for (int r = 0; r < reps; r++) {
            roundTrips(targets, batch, shape, r, true);
          }
        }
      } finally {
        for (Target t : targets) {
          t.client.close();
        }
      }
    }
  }

  private static void roundTrips(List<Target> targets, VectorSchemaRoot batch, BenchShapes shape, int rep,
      boolean print) {
    for (Target t : targets) {
      long start = System.nanoTime();
      put(t.client, batch, shape);
      double putSeconds = (System.nanoTime() - start) / 1e9;
      FlightInfo info = t.client.getFlightInfo(PATH);
      start = System.nanoTime();
      long[] got = get(t.client, info);
      double getSeconds = (System.nanoTime() - start) / 1e9;
      check(t.name, shape, info, got);
      if (print) {
        System.out.println(String.format(Locale.ROOT,
            "{\"op\": \"roundtrip\", \"server\": \"%s\", \"shape\": \"a\", \"rep\": %d, \"put_seconds\": %.6f, "
                + "\"get_seconds\": %.6f, \"bytes\": %d, \"batches\": %d, \"rows\": %d, \"c3_sum\": %d}",
            t.name, rep, putSeconds, getSeconds, got[0], got[1], got[2], got[3]));
        System.out.flush();
      }
    }
  }

  /** The shape's batches, then doneWriting(), then the call's final status (close). */
  private static void put(FlightClient client, VectorSchemaRoot batch, BenchShapes shape) {
    try (DoPutStreams put = client.doPut(PATH, shape.schema())) {
      for (int i = 0; i < shape.batches(); i++) {
        put.writer().writeBatch(batch);
      }
      put.writer().doneWriting();
    }
  }

  /** bytes, batches, rows and the sum of c3 of the first endpoint's stream. */
  private static long[] get(FlightClient client, FlightInfo info) {
    long bytes = 0;
    long batches = 0;
    long rows = 0;
    long sum = 0;
    try (FlightStreamReader reader = client.doGet(info.endpoints().get(0).ticket())) {
      while (reader.next()) {
        VectorSchemaRoot root = reader.root();
        int n = root.getRowCount();
        long address = ((BigIntVector) root.getVector("c3")).getDataBuffer().memoryAddress();
        for (int i = 0; i < n; i++) {
          sum += MemoryUtil.getLong(address + 8L * i);
        }
        rows += n;
        bytes += BenchShapes.bodyBytes(root);
        batches++;
      }
    }
    return new long[] {bytes, batches, rows, sum};
  }

  private static void check(String server, BenchShapes shape, FlightInfo info, long[] got) {
    long rows = (long) shape.rows() * shape.batches();
    // c3[i] = 4i + 3 in every batch
    long perBatch = 4L * shape.rows() * (shape.rows() - 1) / 2 + 3L * shape.rows();
    long sum = perBatch * shape.batches();
    if (got[2] != rows || got[3] != sum || info.totalRecords() != rows) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s: downloaded %d rows in %d batches, sum(c3) %d; expected %d rows, sum(c3) %d; total_records %d",
          server, got[2], got[1], got[3], rows, sum, info.totalRecords()));
    }
  }
}
