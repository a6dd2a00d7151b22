package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightStreamChunk;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file's batches as the answer to DoGet. Takes ownership of the source: the server closes the
 * stream, which closes it. Each batch is loaded into the source's one root, so the server sends it
 * before asking for the next ({@link #immutableData()} is false).
 */
final class SourceStream implements FlightDataStream {
  private final BatchSource source;

  SourceStream(BatchSource source) {
    this.source = source;
  }

  @Override
  public Schema schema() {
    return source.schema();
  }

  @Override
  public DictionaryProvider dictionaries() {
    return source.dictionaries();
  }

  @Override
  public FlightStreamChunk next() throws Exception {
    return source.loadNext() ? FlightStreamChunk.of(source.root()) : null;
  }

  @Override
  public boolean immutableData() {
    return false;
  }

  @Override
  public void close() throws Exception {
    source.close();
  }
}
