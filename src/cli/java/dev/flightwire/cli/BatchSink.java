package dev.flightwire.cli;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where received record batches go: an Arrow IPC file, a CSV file, or a table on the terminal.
 * Call {@link #begin} once, {@link #write} for each batch, {@link #finish()} when the data is
 * complete; {@link #close()} always, which discards output not finished. Not thread-safe.
 */
interface BatchSink extends AutoCloseable {
  /** Starts the output. {@code dictionaries} (may be null) is borrowed until {@link #close()}. */
  void begin(Schema schema, DictionaryProvider dictionaries) throws IOException;

  /**
   * Writes the rows of {@code batch}, borrowed. An Arrow sink takes the batch's buffers
   * (transfers them): the batch is empty afterwards.
   */
  void write(VectorSchemaRoot batch) throws IOException;

  /** Completes the output: the file is in place, the table printed. */
  void finish() throws IOException;

  @Override
  void close() throws IOException;
}
