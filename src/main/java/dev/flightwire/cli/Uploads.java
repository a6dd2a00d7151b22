package dev.flightwire.cli;

import dev.flightwire.FlightStreamWriter;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The sending half shared by {@code put} and {@code exchange}. */
final class Uploads {
  private Uploads() {}

  /**
   * Writes every batch of {@code source} (schema and dictionaries first, even when there is no
   * batch), reporting progress, then ends the writing side. Borrows all three.
   *
   * @return the rows sent
   */
  static long writeAll(BatchSource source, FlightStreamWriter writer, Progress progress) throws Exception {
    long rows = 0;
    boolean begun = false;
    while (source.loadNext()) {
      if (!begun) {
        writer.begin(source.schema(), source.dictionaries());
        begun = true;
      }
      VectorSchemaRoot batch = source.root();
      writer.writeBatch(batch);
      rows += batch.getRowCount();
      progress.add(batch.getRowCount(), 0);
      progress.bytes(source.bytesRead());
    }
    if (!begun) {
      writer.begin(source.schema(), source.dictionaries());
    }
    writer.doneWriting();
    return rows;
  }
}
