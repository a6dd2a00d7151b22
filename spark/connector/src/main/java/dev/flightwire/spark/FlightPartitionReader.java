package dev.flightwire.spark;

import dev.flightwire.FlightError;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Ticket;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one endpoint with DoGet and hands each received record batch to Spark as a
 * {@link ColumnarBatch} over the received Arrow vectors: no row conversion and no copy (the
 * batch's buffers are the network buffers flightwire received them in).
 *
 * <p><b>Failover:</b> the endpoint's locations are tried in order (one that failed moments ago,
 * last; see {@link FlightClients}). When a location fails, before
 * or during the stream, the next one is read, skipping the rows already handed to Spark (replicas
 * of an endpoint serve the same rows in the same order; a batch cut by the skip is copied).
 * Columns of types Spark cannot read in place are converted ({@link Conversions}). When every location has failed, the task fails with all their errors, and
 * Spark may run it again.
 *
 * <p><b>Ownership:</b> a batch from {@link #get()} borrows the stream's vectors and is valid until
 * the next {@link #next()} or {@link #close()}; Spark consumes it before either. One task thread
 * uses the reader.
 */
final class FlightPartitionReader implements PartitionReader<ColumnarBatch> {
  private final FlightOptions options;
  private final FlightPartition partition;
  private final StructType readSchema;
  private final List<Location> locations = new ArrayList<>();
  private final List<FlightError> failures = new ArrayList<>();
  private int nextLocation;
  /** the location being read, and its client; null before the first */
  private Location current;
  private dev.flightwire.FlightClient client;
  private boolean loggedInAgain;
  private FlightStreamReader stream;
  private boolean checked;
  /** rows handed to Spark, over every location tried */
  private long delivered;
  /** rows of the current stream still to pass over (after a failover) */
  private long skip;
  private ColumnarBatch batch;
  /** vectors converted ({@link Conversions}) or cut out of a batch for a failover's skip: owned, closed at the next read */
  private final List<FieldVector> cut = new ArrayList<>();

  FlightPartitionReader(FlightOptions options, FlightPartition partition, StructType readSchema) {
    this.options = options;
    this.partition = partition;
    this.readSchema = readSchema;
    List<Location> down = new ArrayList<>();
    for (String uri : partition.locations) {
      Location l = Location.parse(uri);
      (FlightClients.isDown(FlightClients.target(options, l)) ? down : locations).add(l);
    }
    locations.addAll(down); // tried last: they failed moments ago
    if (locations.isEmpty()) {
      locations.add(Location.parse(options.location));
    }
  }

  @Override
  public boolean next() {
    releaseCut();
    batch = null;
    while (true) {
      try {
        if (stream == null) {
          open();
        }
        if (!stream.next()) {
          if (skip > 0) {
            throw new FlightInternalError("flight: endpoint " + partition.index + " ended at "
                + FlightClients.target(options, current).uri() + " " + skip
                + " rows short of what another of its locations had already sent");
          }
          return false;
        }
        VectorSchemaRoot root = stream.root();
        if (!checked) {
          check(stream.schema());
          checked = true;
        }
        int rows = root.getRowCount();
        if (skip >= rows) {
          skip -= rows;
          continue;
        }
        batch = columnar(root, (int) skip);
        delivered += rows - skip;
        skip = 0;
        return true;
      } catch (FlightError e) {
        failover(e);
      }
    }
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public void close() {
    releaseCut();
    batch = null;
    if (stream != null) {
      FlightStreamReader s = stream;
      stream = null;
      s.close();
    }
  }

  private void open() {
    current = locations.get(nextLocation++);
    skip = delivered;
    checked = false;
    client = FlightClients.get(options, current);
    stream = client.doGet(new Ticket(partition.ticket));
  }

  private void failover(FlightError e) {
    if (e instanceof FlightUnauthenticatedError && options.username != null && !loggedInAgain && client != null) {
      // a restarted server forgot the token: log in again and read this location once more
      loggedInAgain = true;
      FlightClients.retire(options, current, client);
      nextLocation--;
    } else if (e instanceof FlightUnavailableError && current != null) {
      FlightClients.markDown(FlightClients.target(options, current));
    }
    failures.add(e);
    if (stream != null) {
      try {
        stream.close();
      } catch (RuntimeException ignored) {
        // the call already failed; its reader releases what it held
      }
      stream = null;
    }
    TaskContext task = TaskContext.get();
    client = null;
    if (nextLocation >= locations.size() || (task != null && task.isInterrupted())) {
      FlightError last = failures.get(failures.size() - 1);
      for (int i = 0; i < failures.size() - 1; i++) {
        last.addSuppressed(failures.get(i));
      }
      if (locations.size() > 1) {
        last.addSuppressed(new IllegalStateException("flight: endpoint " + partition.index
            + " failed at every location: " + partition.locations));
      }
      throw last;
    }
  }

  /** The stream's columns must be the ones GetFlightInfo promised, with the same types. */
  private void check(Schema schema) {
    for (StructField want : readSchema.fields()) {
      Field f = field(schema, want.name());
      if (f == null) {
        throw new IllegalStateException("flight: the stream of endpoint " + partition.index + " has no column \""
            + want.name() + "\" (it has " + schema.getFields().stream().map(Field::getName).toList() + ")");
      }
      DataType got = SparkTypes.struct(new Schema(List.of(valueForm(f)))).fields()[0].dataType();
      if (!got.sameType(want.dataType())) {
        throw new IllegalStateException("flight: column \"" + want.name() + "\" of endpoint " + partition.index
            + " arrived as " + f.getType() + " (" + got.simpleString() + "), but the flight's schema says "
            + want.dataType().simpleString());
      }
    }
  }

  /**
   * A dictionary-encoded column as the schema message describes it (its values' type): the
   * reader's schema holds it with its indices' type.
   */
  private Field valueForm(Field f) {
    if (f.getDictionary() == null) {
      return f;
    }
    Dictionary d = stream.dictionaries().lookup(f.getDictionary().getId());
    if (d == null) {
      return f;
    }
    Field values = d.getVector().getField();
    return new Field(f.getName(), new FieldType(f.isNullable(), values.getType(), f.getDictionary()),
        values.getChildren());
  }

  private static Field field(Schema schema, String name) {
    for (Field f : schema.getFields()) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private ColumnarBatch columnar(VectorSchemaRoot root, int from) {
    StructField[] fields = readSchema.fields();
    ColumnVector[] columns = new ColumnVector[fields.length];
    int rows = root.getRowCount();
    for (int i = 0; i < fields.length; i++) {
      FieldVector v = root.getVector(fields[i].name());
      if (Conversions.needed(v.getField())) {
        v = Conversions.convert(v, stream.dictionaries(), v.getAllocator());
        cut.add(v);
      }
      if (from > 0) {
        TransferPair t = v.getTransferPair(v.getAllocator());
        t.splitAndTransfer(from, rows - from);
        v = (FieldVector) t.getTo();
        cut.add(v);
      }
      columns[i] = new BorrowedColumn(v);
    }
    return new ColumnarBatch(columns, rows - from);
  }

  private void releaseCut() {
    if (!cut.isEmpty()) {
      try {
        AutoCloseables.close(cut);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        cut.clear();
      }
    }
  }
}
