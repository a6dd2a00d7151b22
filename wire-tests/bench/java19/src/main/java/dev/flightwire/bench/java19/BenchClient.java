package dev.flightwire.bench.java19;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClient.ClientStreamListener;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.grpc.NettyClientBuilder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The bench client of BENCH-CONTRACT.md on Apache Arrow Java flight-core 19.0.0.
 *
 * <pre>
 * BenchClient --host H --port P --op get|put|info --shape a|b|c [--streams N] [--threads N]
 *             [--calls N] --reps R --warmup W
 * </pre>
 *
 * <p>Prints one JSON line per measured repetition on stdout. Any error: message on stderr, exit 1.
 *
 * <p>Tuning knobs (system properties, for experiments only; the defaults are the tuned choice):
 *
 * <ul>
 *   <li>{@code bench.put.wait=park|spin} (default {@code park}): before each DoPut {@code
 *       putNext()}, wait for {@code isReady()} by parking 20 us between polls. flight-core's own
 *       wait inside {@code putNext()} is a busy spin; with {@code spin} the client leaves the wait
 *       to it.
 *   <li>{@code bench.zeroCopy=true|false} (default {@code true}): {@code
 *       listener.setUseZeroCopy(...)} for DoPut.
 *   <li>{@code bench.put.onReadyThreshold=BYTES} (default 10485760; 0 = gRPC's default of 32 KiB):
 *       the DoPut call's on-ready threshold, passed as a {@code CallOptions.GrpcCallOption}.
 *   <li>{@code bench.client.directExecutor=true|false} (default {@code true}) and {@code
 *       bench.client.window=BYTES} (default: gRPC's): see {@link #newClient}.
 * </ul>
 */
public final class BenchClient {
  private BenchClient() {}

  static final boolean PARK_BEFORE_PUT =
      !"spin".equals(System.getProperty("bench.put.wait", "park"));
  static final boolean ZERO_COPY =
      Boolean.parseBoolean(System.getProperty("bench.zeroCopy", "true"));
  static final int PUT_ON_READY_THRESHOLD =
      Integer.getInteger("bench.put.onReadyThreshold", 10 * 1024 * 1024);

  /**
   * gRPC's per-call on-ready threshold for DoPut: how many bytes may be queued before {@code
   * isReady()} turns false. gRPC's default is 32 KiB, which makes every 32 KiB batch of shape b
   * wait for the event loop; flight-core's server uses 10 MB for DoGet (backpressureThreshold).
   */
  static final class OnReadyThreshold implements CallOptions.GrpcCallOption {
    private final int bytes;

    OnReadyThreshold(int bytes) {
      this.bytes = bytes;
    }

    @Override
    public <T extends AbstractStub<T>> T wrapStub(T stub) {
      return stub.withOnReadyThreshold(bytes);
    }
  }

  static final class Args {
    String host = "127.0.0.1";
    int port = -1;
    String op;
    Shape shape;
    int streams = 1;
    int threads = 1;
    int calls = 20_000;
    int reps = -1;
    int warmup = -1;
  }

  /** Totals of one repetition of get or put. */
  static final class Totals {
    long bytes;
    long batches;
    long rows;

    void add(Totals o) {
      bytes += o.bytes;
      batches += o.batches;
      rows += o.rows;
    }
  }

  public static void main(String[] argv) {
    int code;
    try {
      code = run(parse(argv));
    } catch (UsageException e) {
      System.err.println("BenchClient: " + e.getMessage());
      System.err.println(
          "usage: BenchClient --host H --port P --op get|put|info --shape a|b|c [--streams N]"
              + " [--threads N] [--calls N] --reps R --warmup W");
      code = 1;
    } catch (Throwable e) {
      System.err.println("BenchClient: " + describe(e));
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  /** The error and its causes, one line. */
  static String describe(Throwable e) {
    Throwable t = e;
    if ((t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    StringBuilder sb = new StringBuilder();
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      if (depth > 0) {
        sb.append(" <- caused by ");
      }
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.toString();
  }

  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static Args parse(String[] argv) throws UsageException {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String k = argv[i];
      if (i + 1 >= argv.length) {
        throw new UsageException("missing value for " + k);
      }
      String v = argv[++i];
      try {
        switch (k) {
          case "--host":
            a.host = v;
            break;
          case "--port":
            a.port = Integer.parseInt(v);
            break;
          case "--op":
            a.op = v;
            break;
          case "--shape":
            a.shape = Shape.byName(v);
            if (a.shape == null) {
              throw new UsageException("unknown shape " + v);
            }
            break;
          case "--streams":
            a.streams = Integer.parseInt(v);
            break;
          case "--threads":
            a.threads = Integer.parseInt(v);
            break;
          case "--calls":
            a.calls = Integer.parseInt(v);
            break;
          case "--reps":
            a.reps = Integer.parseInt(v);
            break;
          case "--warmup":
            a.warmup = Integer.parseInt(v);
            break;
          default:
            throw new UsageException("unknown argument " + k);
        }
      } catch (NumberFormatException e) {
        throw new UsageException("bad number for " + k + ": " + v);
      }
    }
    if (a.port < 0 || a.op == null || a.reps < 0 || a.warmup < 0) {
      throw new UsageException("--port, --op, --reps and --warmup are required");
    }
    if (!a.op.equals("get") && !a.op.equals("put") && !a.op.equals("info")) {
      throw new UsageException("unknown op " + a.op);
    }
    if (!a.op.equals("info") && a.shape == null) {
      throw new UsageException("--shape is required for " + a.op);
    }
    if (a.streams < 1 || a.threads < 1 || a.calls < 1) {
      throw new UsageException("--streams, --threads and --calls must be positive");
    }
    return a;
  }

  static int run(Args a) throws Exception {
    try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE)) {
      FlightClient client = newClient(allocator, Location.forGrpcInsecure(a.host, a.port));
      try {
        switch (a.op) {
          case "get":
            runGet(a, client);
            break;
          case "put":
            runPut(a, client, allocator);
            break;
          default:
            runInfo(a, client);
            break;
        }
      } finally {
        client.close();
      }
    }
    return 0;
  }

  /**
   * The client: flight-core's own channel settings ({@code NettyClientBuilder}, as {@code
   * FlightClient.builder(...)} uses them) plus gRPC's {@code directExecutor()}, handed to {@code
   * FlightGrpcUtils.createFlightClient}. Every flight-core client callback only queues or
   * completes a future, so running them on the Netty event loop is safe and saves a thread hop per
   * message. {@code bench.client.directExecutor=false} gives the plain {@code
   * FlightClient.builder(...).build()}; {@code bench.client.window=BYTES} fixes the HTTP/2
   * flow-control window (gRPC's default: 1 MiB, grown by BDP probing).
   */
  static FlightClient newClient(BufferAllocator allocator, Location location) {
    int window = Integer.getInteger("bench.client.window", 0);
    boolean direct =
        Boolean.parseBoolean(System.getProperty("bench.client.directExecutor", "true"));
    if (window <= 0 && !direct) {
      return FlightClient.builder(allocator, location).build();
    }
    NettyChannelBuilder channel = new NettyClientBuilder(allocator, location).build();
    if (window > 0) {
      channel.flowControlWindow(window);
    }
    if (direct) {
      channel.directExecutor();
    }
    return FlightGrpcUtils.createFlightClient(allocator, channel.build());
  }

  // ---------------------------------------------------------------- get

  static void runGet(Args a, FlightClient client) throws Exception {
    Ticket ticket = new Ticket(a.shape.name.getBytes(UTF_8));
    ExecutorService pool = a.streams > 1 ? Executors.newFixedThreadPool(a.streams) : null;
    try {
      for (int rep = -a.warmup; rep < a.reps; rep++) {
        long t0 = System.nanoTime();
        Totals total = new Totals();
        if (pool == null) {
          total.add(readStream(client, ticket));
        } else {
          List<Future<Totals>> futures = new ArrayList<>();
          for (int s = 0; s < a.streams; s++) {
            futures.add(pool.submit((Callable<Totals>) () -> readStream(client, ticket)));
          }
          for (Future<Totals> f : futures) {
            total.add(f.get());
          }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(a, total, a.streams);
        if (rep >= 0) {
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "{\"op\": \"get\", \"shape\": \"%s\", \"streams\": %d, \"rep\": %d,"
                      + " \"seconds\": %.6f, \"bytes\": %d, \"batches\": %d, \"rows\": %d}",
                  a.shape.name,
                  a.streams,
                  rep,
                  seconds,
                  total.bytes,
                  total.batches,
                  total.rows));
          System.out.flush();
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** One DoGet: touches every batch (row count and buffer sizes), copies nothing out. */
  static Totals readStream(FlightClient client, Ticket ticket) throws Exception {
    Totals t = new Totals();
    try (FlightStream stream = client.getStream(ticket)) {
      VectorSchemaRoot root = stream.getRoot();
      while (stream.next()) {
        t.rows += root.getRowCount();
        t.batches++;
        t.bytes += Shape.bodyBytes(root);
      }
    }
    return t;
  }

  static void check(Args a, Totals t, int streams) {
    long batches = (long) a.shape.batchesPerStream * streams;
    long rows = a.shape.rowsPerStream() * streams;
    if (t.batches != batches || t.rows != rows) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "shape %s: got %d batches / %d rows, expected %d / %d",
              a.shape.name,
              t.batches,
              t.rows,
              batches,
              rows));
    }
  }

  // ---------------------------------------------------------------- put

  static void runPut(Args a, FlightClient client, BufferAllocator allocator) throws Exception {
    try (VectorSchemaRoot root = a.shape.build(allocator)) {
      long batchBytes = Shape.bodyBytes(root);
      FlightDescriptor descriptor = FlightDescriptor.path(a.shape.name);
      for (int rep = -a.warmup; rep < a.reps; rep++) {
        long t0 = System.nanoTime();
        AsyncPutListener result = new AsyncPutListener();
        ClientStreamListener writer =
            PUT_ON_READY_THRESHOLD > 0
                ? client.startPut(
                    descriptor, root, result, new OnReadyThreshold(PUT_ON_READY_THRESHOLD))
                : client.startPut(descriptor, root, result);
        writer.setUseZeroCopy(ZERO_COPY);
        int n = a.shape.batchesPerStream;
        for (int i = 0; i < n; i++) {
          if (PARK_BEFORE_PUT) {
            // flight-core's putNext() busy-spins on isReady(); wait here without burning a core.
            while (!writer.isReady() && !result.isCancelled()) {
              LockSupport.parkNanos(20_000);
            }
          }
          if (result.isCancelled()) {
            break; // the call ended early: getResult() below reports why
          }
          writer.putNext();
        }
        writer.completed();
        writer.getResult();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (rep >= 0) {
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "{\"op\": \"put\", \"shape\": \"%s\", \"streams\": 1, \"rep\": %d,"
                      + " \"seconds\": %.6f, \"bytes\": %d, \"batches\": %d, \"rows\": %d}",
                  a.shape.name,
                  rep,
                  seconds,
                  batchBytes * n,
                  n,
                  a.shape.rowsPerStream()));
          System.out.flush();
        }
      }
    }
  }

  // ---------------------------------------------------------------- info

  static void runInfo(Args a, FlightClient client) throws Exception {
    FlightDescriptor descriptor = FlightDescriptor.path("info");
    ExecutorService pool = Executors.newFixedThreadPool(a.threads);
    try {
      for (int rep = -a.warmup; rep < a.reps; rep++) {
        long[] latencies = new long[a.calls];
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        int per = a.calls / a.threads;
        int extra = a.calls % a.threads;
        int from = 0;
        for (int t = 0; t < a.threads; t++) {
          int count = per + (t < extra ? 1 : 0);
          int start = from;
          from += count;
          futures.add(
              pool.submit(
                  () -> {
                    for (int i = start; i < start + count; i++) {
                      long c0 = System.nanoTime();
                      FlightInfo info = client.getInfo(descriptor);
                      latencies[i] = System.nanoTime() - c0;
                      if (info.getRecords() != 33_554_432L) {
                        throw new IllegalStateException(
                            "unexpected total_records " + info.getRecords());
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        if (rep >= 0) {
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "{\"op\": \"info\", \"threads\": %d, \"rep\": %d, \"seconds\": %.6f,"
                      + " \"calls\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f}",
                  a.threads,
                  rep,
                  seconds,
                  a.calls,
                  percentile(latencies, 0.50) / 1e3,
                  percentile(latencies, 0.99) / 1e3));
          System.out.flush();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
