package dev.flightwire.interop;

import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.RecordBatchStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * An immutable in-memory Arrow table as the conformance contract keeps it: schema (Arrow Java
 * memory format: dictionary-encoded fields carry their index type), record batches with their
 * boundaries, and the dictionaries. Each batch is a {@link VectorSchemaRoot} of its own (never
 * refilled), so one table can be streamed by many calls at once. Owns its memory until
 * {@link #close()}.
 *
 * <p>Batches are taken over from a reader without copying data: the reader's vectors are unloaded
 * and loaded into fresh roots, which retains the reader's buffers.
 */
final class StoredTable implements AutoCloseable {
  final Schema schema;
  final List<VectorSchemaRoot> batches;
  final DictionaryProvider.MapDictionaryProvider dictionaries;
  private final Schema messageSchema;
  private boolean closed;

  StoredTable(Schema schema, List<VectorSchemaRoot> batches, DictionaryProvider.MapDictionaryProvider dictionaries) {
    this.schema = schema;
    this.batches = Collections.unmodifiableList(new ArrayList<>(batches));
    this.dictionaries = dictionaries == null ? new DictionaryProvider.MapDictionaryProvider() : dictionaries;
    this.messageSchema = messageFormat(schema, this.dictionaries);
  }

  /** The schema as it travels in IPC (dictionary-encoded fields carry their value type). */
  Schema messageSchema() {
    return messageSchema;
  }

  long rows() {
    long n = 0;
    for (VectorSchemaRoot b : batches) {
      n += b.getRowCount();
    }
    return n;
  }

  List<Integer> batchRows() {
    List<Integer> out = new ArrayList<>();
    for (VectorSchemaRoot b : batches) {
      out.add(b.getRowCount());
    }
    return out;
  }

  /** A DoGet stream over this table (the table must stay open until the stream is closed). */
  RecordBatchStream stream() {
    return new RecordBatchStream(schema, batches, dictionaries);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    batches.forEach(VectorSchemaRoot::close);
    dictionaries.close();
  }

  // ---------------------------------------------------------------- building

  /** The IPC (message) form of a memory-format schema whose dictionaries are in {@code provider}. */
  static Schema messageFormat(Schema schema, DictionaryProvider provider) {
    Set<Long> used = new HashSet<>();
    List<Field> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(DictionaryUtility.toMessageFormat(f, provider, used));
    }
    return new Schema(fields, schema.getCustomMetadata());
  }

  /** Dictionary ids a memory-format schema uses, depth first. */
  static Set<Long> dictionaryIds(Schema schema) {
    Set<Long> ids = new LinkedHashSet<>();
    for (Field f : schema.getFields()) {
      collectIds(f, ids);
    }
    return ids;
  }

  private static void collectIds(Field f, Set<Long> ids) {
    if (f.getDictionary() != null) {
      ids.add(f.getDictionary().getId());
    }
    for (Field c : f.getChildren()) {
      collectIds(c, ids);
    }
  }

  /** An owned root of {@code schema} holding the current content of {@code from} (buffers retained, not copied). */
  static VectorSchemaRoot takeBatch(Schema schema, VectorSchemaRoot from, BufferAllocator allocator) {
    VectorSchemaRoot to = VectorSchemaRoot.create(schema, allocator);
    try (ArrowRecordBatch rb = new VectorUnloader(from).getRecordBatch()) {
      new VectorLoader(to).load(rb);
      return to;
    } catch (RuntimeException e) {
      to.close();
      throw e;
    }
  }

  /** An owned vector with the content of {@code from} (buffers retained, not copied). */
  static FieldVector takeVector(FieldVector from, BufferAllocator allocator) {
    VectorSchemaRoot holder = new VectorSchemaRoot(List.of(from.getField()), List.of(from), from.getValueCount());
    FieldVector to = from.getField().createVector(allocator);
    try (ArrowRecordBatch rb = new VectorUnloader(holder).getRecordBatch()) {
      new VectorLoader(new VectorSchemaRoot(List.of(to.getField()), List.of(to), 0)).load(rb);
      return to;
    } catch (RuntimeException e) {
      to.close();
      throw e;
    }
  }

  /** Owned copies of the dictionaries {@code schema} uses. */
  static DictionaryProvider.MapDictionaryProvider takeDictionaries(Schema schema, DictionaryProvider from,
      BufferAllocator allocator) {
    DictionaryProvider.MapDictionaryProvider out = new DictionaryProvider.MapDictionaryProvider();
    try {
      for (long id : dictionaryIds(schema)) {
        Dictionary d = from == null ? null : from.lookup(id);
        if (d == null) {
          throw new IllegalStateException("dictionary " + id + " used by the schema is missing");
        }
        out.put(new Dictionary(takeVector(d.getVector(), allocator), d.getEncoding()));
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Reads an Arrow IPC stream file, batch boundaries kept. */
  static StoredTable readFile(Path file, BufferAllocator allocator) throws IOException {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Schema schema = root.getSchema();
      while (reader.loadNextBatch()) {
        batches.add(takeBatch(schema, root, allocator));
      }
      DictionaryProvider.MapDictionaryProvider dicts = takeDictionaries(schema, reader, allocator);
      StoredTable t = new StoredTable(schema, batches, dicts);
      batches = null;
      return t;
    } finally {
      if (batches != null) {
        batches.forEach(VectorSchemaRoot::close);
      }
    }
  }

  /** Called for every message read by {@link #read}. */
  interface ChunkHook {
    /** @param index message number (0-based); {@code hasData} false for metadata-only messages */
    void onChunk(int index, boolean hasData, byte[] appMetadata);
  }

  /**
   * Reads a whole Flight data stream (metadata-only messages are not kept, but passed to the
   * hook). The reader stays open and owned by the caller.
   */
  static StoredTable read(FlightStreamReader reader, BufferAllocator allocator, ChunkHook hook) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      int index = 0;
      FlightStreamChunk c;
      while ((c = reader.readChunk()) != null) {
        if (c.data() != null) {
          batches.add(takeBatch(reader.schema(), c.data(), allocator));
        }
        if (hook != null) {
          hook.onChunk(index, c.data() != null, c.appMetadata());
        }
        index++;
      }
      Schema schema = reader.schema();
      DictionaryProvider.MapDictionaryProvider dicts =
          dictionaryIds(schema).isEmpty() ? new DictionaryProvider.MapDictionaryProvider()
              : takeDictionaries(schema, reader.dictionaries(), allocator);
      StoredTable t = new StoredTable(schema, batches, dicts);
      batches = null;
      return t;
    } finally {
      if (batches != null) {
        batches.forEach(VectorSchemaRoot::close);
      }
    }
  }

  /** Builds a table from roots the caller fills; the roots are handed over. */
  static StoredTable ofRoots(Schema schema, List<VectorSchemaRoot> roots) {
    return new StoredTable(schema, roots, null);
  }

  @Override
  public String toString() {
    return "StoredTable<" + batchRows() + " rows per batch, " + schema + ">";
  }

  static Map<String, String> norm(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
