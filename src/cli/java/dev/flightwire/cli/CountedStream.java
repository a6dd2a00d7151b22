package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightStreamChunk;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A DoGet answer whose batches are counted in {@link DoGetCounters} as they are handed to the
 * server. Takes ownership of the stream it wraps (closed with this one); otherwise the same.
 */
final class CountedStream implements FlightDataStream {
  private final FlightDataStream stream;
  private final DoGetCounters counters;

  CountedStream(FlightDataStream stream, DoGetCounters counters) {
    this.stream = stream;
    this.counters = counters;
  }

  @Override
  public Schema schema() {
    return stream.schema();
  }

  @Override
  public DictionaryProvider dictionaries() {
    return stream.dictionaries();
  }

  @Override
  public FlightStreamChunk next() throws Exception {
    FlightStreamChunk chunk = stream.next();
    if (chunk != null && chunk.data() != null) {
      counters.batch(chunk.data());
    }
    return chunk;
  }

  @Override
  public boolean immutableData() {
    return stream.immutableData();
  }

  @Override
  public void close() throws Exception {
    stream.close();
  }
}
