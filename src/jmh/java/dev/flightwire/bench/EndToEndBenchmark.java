package dev.flightwire.bench;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Ticket;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client and server in one JVM, over loopback TCP or in-process ({@code -p transport=tcp,in-process}):
 * one DoGet and one DoPut of bench shape a/b (1 GiB / 256 MiB), and unary GetFlightInfo latency.
 * The cross-stack comparison is compare.py; this is for our own path, the in-process transport
 * against TCP in the same run, and profiling ({@code -prof gc}, {@code -prof perfnorm}).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class EndToEndBenchmark {
  /** {@code tcp} (127.0.0.1) or {@code in-process}. */
  @Param({"tcp", "in-process"})
  public String transport;

  /** Whether the server runs unary handlers on its event loop ({@code directExecutor()}). */
  @Param({"false"})
  public boolean direct;

  private BufferAllocator allocator;
  private FlightServer server;
  private FlightClient client;
  private BenchServer service;
  private VectorSchemaRoot putBatchA;
  private VectorSchemaRoot putBatchB;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    allocator = new RootAllocator();
    service = new BenchServer(allocator);
    Location at = transport.equals("in-process") ? Location.forInProcess("bench-" + System.nanoTime())
        : Location.forGrpcTcp("127.0.0.1", 0);
    FlightServer.Builder b = FlightServer.builder(allocator, at, service);
    if (direct) {
      b.directExecutor();
    }
    server = b.build().start();
    client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
    putBatchA = BenchShapes.A.batch(allocator);
    putBatchB = BenchShapes.B.batch(allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
    putBatchA.close();
    putBatchB.close();
  }

  private long get(String ticket) {
    long rows = 0;
    try (FlightStreamReader r = client.doGet(Ticket.of(ticket))) {
      while (r.next()) {
        rows += r.root().getRowCount();
      }
    }
    return rows;
  }

  private void put(BenchShapes s, VectorSchemaRoot batch) {
    DoPutStreams p = client.doPut(FlightDescriptor.forPath(s.name().toLowerCase()), s.schema());
    for (int i = 0; i < s.batches(); i++) {
      p.writer().writeBatch(batch);
    }
    p.complete();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long doGetShapeA() {
    return get("a");
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long doGetShapeB() {
    return get("b");
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void doPutShapeA() {
    put(BenchShapes.A, putBatchA);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void doPutShapeB() {
    put(BenchShapes.B, putBatchB);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object getFlightInfo() {
    return client.getFlightInfo(FlightDescriptor.forPath("info"));
  }
}
