package dev.flightwire.demo;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.GeneratorStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The seed's sample tables and generated streams. */
final class DemoData {
  static final Set<String> STREAMS = Set.of("streaming/numbers", "streaming/time_series");
  private static final Schema NUMBERS = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("random_value", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
  private static final Schema TIME_SERIES = new Schema(List.of(
      Field.nullable("timestamp", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
      Field.nullable("sensor_id", ArrowType.Utf8.INSTANCE),
      Field.nullable("value", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
  private static final String[] SENSORS = {"sensor_001", "sensor_002", "sensor_003"};

  private DemoData() {}

  static Table sales(BufferAllocator a) {
    VarCharVector date = strings(a, "date", "2023-01-01", "2023-01-02", "2023-01-03");
    Float8Vector amount = doubles(a, "amount", 100.0, 150.0, 200.0);
    VarCharVector region = strings(a, "region", "North", "South", "East");
    return new Table(List.of(date, amount, region));
  }

  static Table products(BufferAllocator a) {
    BigIntVector id = new BigIntVector("id", a);
    id.allocateNew(3);
    for (int i = 0; i < 3; i++) {
      id.set(i, i + 1);
    }
    id.setValueCount(3);
    VarCharVector name = strings(a, "name", "Widget A", "Widget B", "Widget C");
    Float8Vector price = doubles(a, "price", 10.99, 15.99, 20.99);
    return new Table(List.of(id, name, price));
  }

  private static VarCharVector strings(BufferAllocator a, String name, String... values) {
    VarCharVector v = new VarCharVector(name, a);
    v.allocateNew();
    for (int i = 0; i < values.length; i++) {
      v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
    }
    v.setValueCount(values.length);
    return v;
  }

  private static Float8Vector doubles(BufferAllocator a, String name, double... values) {
    Float8Vector v = new Float8Vector(name, a);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      v.set(i, values[i]);
    }
    v.setValueCount(values.length);
    return v;
  }

  static Schema streamSchema(String path) {
    return path.equals("streaming/numbers") ? NUMBERS : TIME_SERIES;
  }

  static long streamRows(String path) {
    return path.equals("streaming/numbers") ? 10_000 : 60 * SENSORS.length;
  }

  /** The seed's generators: 10 batches of 1000 random numbers, 60 minutes of sensor readings. */
  static FlightDataStream stream(String path, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(streamSchema(path), allocator);
    boolean numbers = path.equals("streaming/numbers");
    Random random = new Random();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Iterator<FlightStreamChunk> it = new GeneratorIterator(root, numbers ? 10 : 60, numbers ? 100 : 50, (r, n) -> {
      r.allocateNew();
      if (numbers) {
        BigIntVector id = (BigIntVector) r.getVector(0);
        Float8Vector val = (Float8Vector) r.getVector(1);
        for (int i = 0; i < 1000; i++) {
          id.setSafe(i, (long) n * 1000 + i);
          val.setSafe(i, random.nextDouble());
        }
        r.setRowCount(1000);
      } else {
        TimeStampSecVector ts = (TimeStampSecVector) r.getVector(0);
        VarCharVector sensor = (VarCharVector) r.getVector(1);
        Float8Vector val = (Float8Vector) r.getVector(2);
        long t = start.plus(n, ChronoUnit.MINUTES).getEpochSecond();
        for (int i = 0; i < SENSORS.length; i++) {
          ts.setSafe(i, t);
          sensor.setSafe(i, SENSORS[i].getBytes(StandardCharsets.UTF_8));
          val.setSafe(i, 20.0 + random.nextDouble() * 10.0);
        }
        r.setRowCount(SENSORS.length);
      }
    });
    return new GeneratorStream(root.getSchema(), it);
  }

  /** Refills one root per batch, pausing like the seed's real-time simulation; closes it at the end. */
  private static final class GeneratorIterator implements Iterator<FlightStreamChunk>, AutoCloseable {
    interface Fill {
      void fill(VectorSchemaRoot root, int batch);
    }

    private final VectorSchemaRoot root;
    private final int batches;
    private final long pauseMillis;
    private final Fill fill;
    private int produced;

    GeneratorIterator(VectorSchemaRoot root, int batches, long pauseMillis, Fill fill) {
      this.root = root;
      this.batches = batches;
      this.pauseMillis = pauseMillis;
      this.fill = fill;
    }

    @Override
    public boolean hasNext() {
      return produced < batches;
    }

    @Override
    public FlightStreamChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (produced > 0 && pauseMillis > 0) {
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      fill.fill(root, produced++);
      return FlightStreamChunk.of(root);
    }

    @Override
    public void close() {
      root.close();
    }
  }
}
