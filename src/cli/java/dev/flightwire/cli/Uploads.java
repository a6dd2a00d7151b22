package dev.flightwire.cli;

import dev.flightwire.FlightStreamWriter;
import java.util.List;
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
    try (DictionaryChanges changes = new DictionaryChanges(source.dictionaries())) {
      while (source.loadNext()) {
        List<Long> changed = changes.changed();
        if (!begun) {
          writer.begin(source.schema(), source.dictionaries());
          begun = true;
        } else {
          // a stream file may replace a dictionary between batches: send the new one first
          for (long id : changed) {
            writer.writeDictionary(source.dictionaries().lookup(id), false);
          }
        }
        VectorSchemaRoot batch = source.root();
        writer.writeBatch(batch);
        rows += batch.getRowCount();
        progress.add(batch.getRowCount(), 0);
        progress.bytes(source.bytesRead());
      }
    }
    if (!begun) {
      writer.begin(source.schema(), source.dictionaries());
    }
    writer.doneWriting();
    return rows;
  }
}
