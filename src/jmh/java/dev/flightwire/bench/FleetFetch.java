package dev.flightwire.bench;

import dev.flightwire.EndpointFetcher;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads every endpoint of a flight with {@link EndpointFetcher}, all endpoints at once, and prints
 * one JSON line per repetition: the reference the Spark connector's fleet read is compared with
 * (spark/bench/fleet_bench.sh).
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.flightwire.bench.FleetFetch LOCATION PATH [--reps N] [--warmup N]
 * </pre>
 * Every value is touched (the sum of the first column of every batch), as a consumer would.
 */
public final class FleetFetch {
  private FleetFetch() {}

  public static void main(String[] args) throws Exception {
    String location = args[0];
    String path = args[1];
    int reps = 5;
    int warmup = 2;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
         FlightClient client = FlightClient.connect(Location.parse(location),
             FlightClientOptions.builder().allocator(allocator).build())) {
      for (int r = -warmup; r < reps; r++) {
        AtomicLong bytes = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        long t0 = System.nanoTime();
        FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath(path.split("/")));
        try (EndpointFetcher fetcher = new EndpointFetcher(client, FlightClientOptions.DEFAULT,
            info.endpoints().size())) {
          fetcher.fetch(info, (endpoint, reader) -> {
            long s = 0;
            while (reader.next()) {
              VectorSchemaRoot root = reader.root();
              for (FieldVector v : root.getFieldVectors()) {
                bytes.addAndGet(v.getBufferSize());
              }
              rows.addAndGet(root.getRowCount());
              org.apache.arrow.vector.BigIntVector c0 = (org.apache.arrow.vector.BigIntVector) root.getVector(0);
              for (int i = 0; i < root.getRowCount(); i++) {
                s += c0.get(i);
              }
            }
            sum.addAndGet(s);
          });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r >= 0) {
          System.out.printf("{\"reader\": \"EndpointFetcher\", \"rep\": %d, \"seconds\": %.6f, \"bytes\": %d, \"rows\": %d,"
              + " \"check\": %d}%n", r, seconds, bytes.get(), rows.get(), sum.get());
          System.out.flush();
        }
      }
    }
  }
}
