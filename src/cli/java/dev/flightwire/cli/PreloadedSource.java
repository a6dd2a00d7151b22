package dev.flightwire.cli;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A source whose first batch is loaded when it is wrapped, then handed out by the first
 * {@link #loadNext()}. DoGet sends the dictionaries with the schema, before any batch; an IPC
 * stream file holds its dictionaries just before its first batch, so they are read only once that
 * batch is. Takes ownership of the source. Not thread-safe.
 */
final class PreloadedSource implements BatchSource {
  private final BatchSource source;
  /** Whether the first batch was loaded, and not handed out yet. */
  private boolean pending;

  private PreloadedSource(BatchSource source, boolean pending) {
    this.source = source;
    this.pending = pending;
  }

  /** Loads the first batch of {@code source} (taken: closed here when that fails). */
  static PreloadedSource of(BatchSource source) throws IOException {
    boolean loaded;
    try {
      loaded = source.loadNext();
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
    return new PreloadedSource(source, loaded);
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
  public VectorSchemaRoot root() {
    return source.root();
  }

  @Override
  public boolean loadNext() throws IOException {
    if (pending) {
      pending = false;
      return true;
    }
    return source.loadNext();
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  @Override
  public long sizeBytes() {
    return source.sizeBytes();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
