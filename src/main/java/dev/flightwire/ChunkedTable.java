package dev.flightwire;

import dev.flightwire.internal.ipc.DictionaryUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorBatchAppender;

/**
 * A whole data stream kept as it was received: the schema (with its metadata and every field's
 * metadata), the record batches in order, and the dictionary batches between them (replacements
 * and deltas), as pyarrow's {@code read_all()} keeps a stream's batches as the chunks of a table.
 * Returned by {@link FlightStreamReader#readChunked()}; sent again, batch for batch and
 * dictionary for dictionary, by {@link RecordBatchStream#RecordBatchStream(ChunkedTable, int)} and
 * {@link FlightStreamWriter#writeChunked(ChunkedTable)}.
 *
 * <p>Nothing is copied to make one: each batch's vectors are the received buffers (slices of the
 * network messages), handed over from the reader. The one exception is
 * {@link #dictionaries(int)} after a dictionary delta, which materialises the extended dictionary
 * on first use.
 *
 * <p>Ownership: the table owns its batches and dictionaries, accounted to the allocator of the
 * reader that made it, and releases them on {@link #close()}. What its accessors return is
 * borrowed: valid until the table is closed; do not close or change it. A table is immutable, so
 * it may be read, and streamed to many clients at once, from several threads; {@link #close()}
 * must come after every such use.
 */
public final class ChunkedTable implements Iterable<VectorSchemaRoot>, AutoCloseable {
  private final Schema schema;
  private final Schema wireSchema;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches;
  /** updates.get(i): the dictionary batches received before batch i; the last entry, after every batch. */
  private final List<List<DictionaryUpdate>> updates;
  private final Map<Long, DictionaryEncoding> encodings;
  private final Map<DictionaryUpdate, FieldVector> materialized = new IdentityHashMap<>();
  private final long rowCount;
  private boolean closed;

  ChunkedTable(Schema schema, Schema wireSchema, BufferAllocator allocator, List<VectorSchemaRoot> batches,
      List<List<DictionaryUpdate>> updates) {
    this.schema = schema;
    this.wireSchema = wireSchema;
    this.allocator = allocator;
    this.batches = Collections.unmodifiableList(new ArrayList<>(batches));
    List<List<DictionaryUpdate>> u = new ArrayList<>();
    for (List<DictionaryUpdate> l : updates) {
      u.add(List.copyOf(l));
    }
    this.updates = Collections.unmodifiableList(u);
    this.encodings = new HashMap<>();
    collectEncodings(schema.getFields(), encodings);
    long rows = 0;
    for (VectorSchemaRoot b : batches) {
      rows += b.getRowCount();
    }
    this.rowCount = rows;
  }

  private static void collectEncodings(List<Field> fields, Map<Long, DictionaryEncoding> out) {
    for (Field f : fields) {
      if (f.getDictionary() != null) {
        out.put(f.getDictionary().getId(), f.getDictionary());
      }
      collectEncodings(f.getChildren(), out);
    }
  }

  /**
   * The schema in Arrow's in-memory form (dictionary-encoded fields have their index type, as the
   * batches' vectors do), with the schema's and every field's metadata as sent.
   *
   * @return the schema
   */
  public Schema schema() {
    return schema;
  }

  /**
   * The batches in the order received, empty batches included.
   *
   * @return an unmodifiable list of borrowed batches
   */
  public List<VectorSchemaRoot> batches() {
    return batches;
  }

  /**
   * The number of batches.
   *
   * @return the number of batches
   */
  public int batchCount() {
    return batches.size();
  }

  /**
   * The number of rows of all batches together.
   *
   * @return the row count
   */
  public long rowCount() {
    return rowCount;
  }

  /**
   * The bytes of every batch's and dictionary's buffers.
   *
   * @return the size in bytes of the data held
   */
  public long bufferBytes() {
    long bytes = 0;
    for (VectorSchemaRoot b : batches) {
      for (FieldVector v : b.getFieldVectors()) {
        bytes += v.getBufferSize();
      }
    }
    for (List<DictionaryUpdate> l : updates) {
      for (DictionaryUpdate d : l) {
        bytes += d.values().getBufferSize();
      }
    }
    return bytes;
  }

  /**
   * The dictionaries in effect for batch {@code batch}: the values its dictionary-encoded columns
   * index into. After a delta the extended dictionary is built (a copy) on the first call and kept
   * until the table is closed.
   *
   * @param batch the batch's index
   * @return a new provider over borrowed dictionaries; empty when no field is dictionary-encoded
   * @throws IndexOutOfBoundsException when there is no such batch
   */
  public synchronized DictionaryProvider dictionaries(int batch) {
    java.util.Objects.checkIndex(batch, batches.size());
    checkOpen();
    Map<Long, FieldVector> current = new HashMap<>();
    for (int i = 0; i <= batch; i++) {
      for (DictionaryUpdate d : updates.get(i)) {
        current.put(d.id(), d.delta() ? extended(current.get(d.id()), d) : d.values());
      }
    }
    List<Dictionary> out = new ArrayList<>();
    current.forEach((id, values) -> out.add(new Dictionary(values, encodings.get(id))));
    return new DictionaryProvider.MapDictionaryProvider(out.toArray(new Dictionary[0]));
  }

  private FieldVector extended(FieldVector base, DictionaryUpdate delta) {
    if (base == null) {
      return delta.values();
    }
    return materialized.computeIfAbsent(delta, d -> {
      FieldVector out = d.values().getField().createVector(allocator);
      try {
        out.allocateNew();
        VectorBatchAppender.batchAppend(out, base, d.values());
        return out;
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    });
  }

  /** The schema as sent on the wire (dictionary fields with their value types). */
  Schema wireSchema() {
    return wireSchema;
  }

  /** The dictionary batches received before batch {@code i} ({@code i == batchCount()}: after the last). */
  List<DictionaryUpdate> updatesBefore(int i) {
    return updates.get(i);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the table is closed");
    }
  }

  /**
   * The batches in order, as {@link #batches()} lists them.
   *
   * @return an iterator over borrowed batches
   */
  @Override
  public Iterator<VectorSchemaRoot> iterator() {
    return batches.iterator();
  }

  @Override
  public String toString() {
    return "ChunkedTable<" + rowCount + " rows in " + batches.size() + " batches>";
  }

  /** Releases every batch and dictionary. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    batches.forEach(VectorSchemaRoot::close);
    for (List<DictionaryUpdate> l : updates) {
      l.forEach(d -> d.values().close());
    }
    materialized.values().forEach(FieldVector::close);
    materialized.clear();
  }
}
