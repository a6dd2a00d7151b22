package dev.flightwire.bench;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Ticket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The flightwire bench client of wire-tests/bench/BENCH-CONTRACT.md. */
public final class BenchClient {
  private BenchClient() {}

  private record Totals(long bytes, long batches, long rows) {}

  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    String unix = null;
    String op = "get";
    String shape = "a";
    int streams = 1;
    int threads = 1;
    int calls = 20_000;
    int reps = 5;
    int warmup = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host": host = args[++i]; break;
        case "--port": port = Integer.parseInt(args[++i]); break;
        case "--unix": unix = args[++i]; break;
        case "--op": op = args[++i]; break;
        case "--shape": shape = args[++i]; break;
        case "--streams": streams = Integer.parseInt(args[++i]); break;
        case "--threads": threads = Integer.parseInt(args[++i]); break;
        case "--calls": calls = Integer.parseInt(args[++i]); break;
        case "--reps": reps = Integer.parseInt(args[++i]); break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(
            unix != null ? Location.forGrpcUnix(unix) : Location.forGrpcTcp(host, port),
            FlightClientOptions.builder().allocator(allocator).build())) {
      BenchShapes s = BenchShapes.of(shape);
      // the upload's batch is generated once, before any timing (BENCH-CONTRACT.md), as the other
      // stacks' clients do; it is sent repeatedly
      VectorSchemaRoot upload = op.equals("put") ? s.batch(allocator) : null;
      try {
        run(client, s, upload, op, shape, streams, threads, calls, reps, warmup);
      } finally {
        if (upload != null) {
          upload.close();
        }
      }
    }
  }

  private static void run(FlightClient client, BenchShapes s, VectorSchemaRoot upload, String op, String shape,
      int streams, int threads, int calls, int reps, int warmup) throws Exception {
    for (int r = -warmup; r < reps; r++) {
      long start = System.nanoTime();
      String line;
      if (op.equals("info")) {
        long[] lat = info(client, threads, calls);
        double secs = (System.nanoTime() - start) / 1e9;
        Arrays.sort(lat);
        line = String.format(Locale.ROOT,
            "{\"op\": \"info\", \"threads\": %d, \"rep\": %d, \"seconds\": %.6f, \"calls\": %d, "
                + "\"p50_us\": %.1f, \"p99_us\": %.1f}",
            threads, r, secs, calls, lat[lat.length / 2] / 1e3, lat[(int) (lat.length * 0.99)] / 1e3);
      } else {
        Totals t = op.equals("get") ? get(client, s, streams) : put(client, upload, s);
        double secs = (System.nanoTime() - start) / 1e9;
        line = String.format(Locale.ROOT,
            "{\"op\": \"%s\", \"shape\": \"%s\", \"streams\": %d, \"rep\": %d, \"seconds\": %.6f, "
                + "\"bytes\": %d, \"batches\": %d, \"rows\": %d}",
            op, shape, op.equals("get") ? streams : 1, r, secs, t.bytes, t.batches, t.rows);
      }
      if (r >= 0) {
        System.out.println(line);
        System.out.flush();
      }
    }
  }

  private static Totals get(FlightClient client, BenchShapes s, int streams) throws Exception {
    if (streams == 1) {
      return getOne(client, s);
    }
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    try {
      List<Future<Totals>> fs = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        fs.add(pool.submit(() -> getOne(client, s)));
      }
      long bytes = 0;
      long batches = 0;
      long rows = 0;
      for (Future<Totals> f : fs) {
        Totals t = f.get();
        bytes += t.bytes;
        batches += t.batches;
        rows += t.rows;
      }
      return new Totals(bytes, batches, rows);
    } finally {
      pool.shutdown();
    }
  }

  private static Totals getOne(FlightClient client, BenchShapes s) {
    long bytes = 0;
    long batches = 0;
    long rows = 0;
    try (FlightStreamReader reader = client.doGet(Ticket.of(s.name().toLowerCase(Locale.ROOT)))) {
      while (reader.next()) {
        VectorSchemaRoot root = reader.root();
        rows += root.getRowCount();
        bytes += BenchShapes.bodyBytes(root);
        batches++;
      }
    }
    return new Totals(bytes, batches, rows);
  }

  private static Totals put(FlightClient client, VectorSchemaRoot batch, BenchShapes s) {
    DoPutStreams put = client.doPut(FlightDescriptor.forPath(s.name().toLowerCase(Locale.ROOT)), s.schema());
    long bytes = BenchShapes.bodyBytes(batch);
    for (int i = 0; i < s.batches(); i++) {
      put.writer().writeBatch(batch);
    }
    put.complete();
    return new Totals(bytes * s.batches(), s.batches(), (long) s.rows() * s.batches());
  }

  private static long[] info(FlightClient client, int threads, int calls) throws Exception {
    long[] lat = new long[calls];
    AtomicInteger next = new AtomicInteger();
    FlightDescriptor d = FlightDescriptor.forPath("info");
    Runnable work = () -> {
      int i;
      while ((i = next.getAndIncrement()) < calls) {
        long t0 = System.nanoTime();
        client.getFlightInfo(d);
        lat[i] = System.nanoTime() - t0;
      }
    };
    if (threads == 1) {
      work.run();
      return lat;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      fs.add(pool.submit(work));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return lat;
  }
}
