package dev.flightwire.cli;

import dev.flightwire.FlightStreamReader;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Copies the record batches of one or more Flight streams (the endpoints of a flight, or the
 * answer of an exchange) into one sink, counting them for the progress report. The sink begins
 * with the first stream's schema. Not thread-safe.
 */
final class Download {
  private final BatchSink sink;
  private final Progress progress;
  private boolean begun;
  private long rows;
  private long bytes;
  private long batches;

  /** Both borrowed; {@code progress} may be null (nothing counted there). */
  Download(BatchSink sink, Progress progress) {
    this.sink = sink;
    this.progress = progress;
  }

  /**
   * Reads {@code reader} (borrowed) to its end.
   *
   * @return false when the stream ended without a schema (an exchange that answered nothing)
   */
  boolean read(FlightStreamReader reader) throws IOException {
    boolean more = reader.next();
    if (!more && !reader.hasSchema()) {
      return false;
    }
    if (!begun) {
      sink.begin(reader.schema(), reader.dictionaries());
      begun = true;
    }
    while (more) {
      VectorSchemaRoot batch = reader.root();
      long n = batch.getRowCount();
      long size = bufferBytes(batch);
      sink.write(batch);
      rows += n;
      bytes += size;
      batches++;
      if (progress != null) {
        progress.add(n, size);
      }
      more = reader.next();
    }
    return true;
  }

  /** Begins the sink with {@code schema} if no stream did (a flight without endpoints). */
  void beginIfNeeded(Schema schema) throws IOException {
    if (!begun) {
      if (schema == null) {
        throw new CommandFailure("the flight has no endpoints and no schema: there is nothing to write");
      }
      sink.begin(schema, null);
      begun = true;
    }
  }

  boolean begun() {
    return begun;
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  long batches() {
    return batches;
  }

  /** The in-memory size of a batch's buffers, as received. */
  static long bufferBytes(VectorSchemaRoot batch) {
    long n = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      n += v.getBufferSize();
    }
    return n;
  }
}
