package dev.flightwire.cli;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Record batches read from a file, one at a time into one root. The source owns the root and its
 * dictionaries: the root is refilled by every {@link #loadNext()} and released by {@link #close()}.
 * Not thread-safe.
 */
interface BatchSource extends AutoCloseable {
  Schema schema();

  /** Dictionaries of dictionary-encoded columns, or null when there are none. */
  DictionaryProvider dictionaries();

  /** The root batches load into (owned by the source). */
  VectorSchemaRoot root();

  /** Loads the next batch into {@link #root()}; false at the end. */
  boolean loadNext() throws IOException;

  /** Bytes of the file consumed so far. */
  long bytesRead();

  /** Size of the file in bytes, or -1 when unknown. */
  long sizeBytes();

  @Override
  void close() throws IOException;
}
