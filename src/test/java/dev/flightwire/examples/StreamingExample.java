package dev.flightwire.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.GeneratorStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.ObjIntConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The seed's "Advanced Streaming" in Java: a server generating batches, a client consuming them. */
public final class StreamingExample {
  private StreamingExample() {}

  /** Generates {@code streaming/numbers} and {@code streaming/time_series} batch by batch. */
  public static final class StreamingFlightServer extends FlightServerBase {
    private static final Schema NUMBERS = new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(64, true)),
        Field.nullable("random_value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    private static final Schema TIME_SERIES = new Schema(List.of(
        Field.nullable("timestamp", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
        Field.nullable("sensor_id", ArrowType.Utf8.INSTANCE),
        Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    private final BufferAllocator allocator;
    private final Random random = new Random();

    public StreamingFlightServer(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      String path = String.join("/", descriptor.path());
      Schema schema = path.equals("streaming/numbers") ? NUMBERS : TIME_SERIES;
      return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(Ticket.of(path))));
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String path = ticket.asString();
      if (path.equals("streaming/numbers")) {
        return generateNumberStream();
      } else if (path.equals("streaming/time_series")) {
        return generateTimeSeries();
      }
      throw new FlightUnavailableError("Unknown streaming path: " + path);
    }

    /** 10 batches of 1000 random numbers, 100 ms apart. */
    private FlightDataStream generateNumberStream() {
      return generate(NUMBERS, 10, 100, (batch, batchNum) -> {
        BigIntVector ids = (BigIntVector) batch.getVector("id");
        Float8Vector values = (Float8Vector) batch.getVector("random_value");
        for (int i = 0; i < 1000; i++) {
          ids.setSafe(i, batchNum * 1000L + i);
          values.setSafe(i, random.nextDouble());
        }
        batch.setRowCount(1000);
      });
    }

    /** An hour of readings from three sensors, one batch per minute, 50 ms apart. */
    private FlightDataStream generateTimeSeries() {
      String[] sensors = {"sensor_001", "sensor_002", "sensor_003"};
      Instant start = Instant.now();
      return generate(TIME_SERIES, 60, 50, (batch, minute) -> {
        long now = start.plus(minute, ChronoUnit.MINUTES).getEpochSecond();
        for (int i = 0; i < sensors.length; i++) {
          ((TimeStampSecVector) batch.getVector("timestamp")).setSafe(i, now);
          ((VarCharVector) batch.getVector("sensor_id")).setSafe(i, sensors[i].getBytes(UTF_8));
          ((Float8Vector) batch.getVector("value")).setSafe(i, 20.0 + 10.0 * random.nextDouble());
        }
        batch.setRowCount(sensors.length);
      });
    }

    /**
     * A stream that fills a fresh batch on demand. Each chunk hands its batch to the stream
     * ({@link FlightStreamChunk#owning}), which closes it once sent. {@code next()} runs on a
     * server executor thread, so pausing there is fine.
     */
    private FlightDataStream generate(Schema schema, int batches, long pauseMillis,
        ObjIntConsumer<VectorSchemaRoot> fill) {
      Iterator<FlightStreamChunk> generator = new Iterator<>() {
        private int batchNum;

        @Override
        public boolean hasNext() {
          return batchNum < batches;
        }

        @Override
        public FlightStreamChunk next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          if (batchNum > 0) {
            pause(pauseMillis);   // simulate processing delay
          }
          VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
          fill.accept(batch, batchNum++);
          return FlightStreamChunk.owning(batch, null);
        }
      };
      return new GeneratorStream(schema, generator);
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FlightUnavailableError("interrupted");
      }
    }
  }

  /** The client side: reads {@code streaming/numbers} batch by batch as it is generated. */
  static void run(String location, PrintStream out) {
    try (FlightClient client = FlightClient.connect(location)) {
      FlightDescriptor descriptor = FlightDescriptor.forPath("streaming", "numbers");
      FlightInfo info = client.getFlightInfo(descriptor);
      for (FlightEndpoint endpoint : info.endpoints()) {
        try (FlightStreamReader reader = client.doGet(endpoint.ticket())) {
          int batchCount = 0;
          long totalRows = 0;
          for (FlightStreamChunk chunk : reader) {
            VectorSchemaRoot batch = chunk.data();   // valid until the next chunk is read
            batchCount++;
            totalRows += batch.getRowCount();
            out.println("Received batch " + batchCount + ": " + batch.getRowCount() + " rows");
            // Process batch
            if (batch.getRowCount() > 0) {
              Float8Vector values = (Float8Vector) batch.getVector("random_value");
              double sum = 0;
              for (int i = 0; i < values.getValueCount(); i++) {
                sum += values.get(i);
              }
              out.printf(" Average value: %.4f%n", sum / values.getValueCount());
            }
          }
          out.println("Total: " + batchCount + " batches, " + totalRows + " rows");
        }
      }
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "grpc://localhost:8815", System.out);
  }
}
