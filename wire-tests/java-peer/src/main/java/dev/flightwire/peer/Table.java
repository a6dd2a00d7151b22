package dev.flightwire.peer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.OutboundStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;
import org.apache.arrow.vector.util.TransferPair;

/**
 * An immutable, in-memory Arrow table: schema, dictionaries and record batches (batch boundaries
 * kept). Batches hold their own references to the Arrow buffers, so a table can be streamed out
 * by many calls at once.
 */
final class Table {
  /** Schema as Arrow Java keeps it in memory (dictionary-encoded fields carry the index type). */
  final Schema schema;
  /** Schema as it goes on the wire (dictionary-encoded fields carry the value type). */
  final Schema wireSchema;

  final DictionaryProvider.MapDictionaryProvider dictionaries;
  final List<ArrowRecordBatch> batches;
  final long rows;

  private Table(
      Schema schema,
      DictionaryProvider.MapDictionaryProvider dictionaries,
      List<ArrowRecordBatch> batches) {
    this.schema = schema;
    this.dictionaries = dictionaries;
    this.batches = Collections.unmodifiableList(batches);
    long n = 0;
    for (ArrowRecordBatch b : batches) {
      n += b.getLength();
    }
    this.rows = n;
    Set<Long> ids = new HashSet<>();
    List<Field> wireFields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      wireFields.add(DictionaryUtility.toMessageFormat(f, dictionaries, ids));
    }
    this.wireSchema = new Schema(wireFields, schema.getCustomMetadata());
  }

  /** Builds a table from a root filled batch by batch by the caller. */
  static Table ofBatches(
      Schema schema, DictionaryProvider.MapDictionaryProvider dicts, List<ArrowRecordBatch> b) {
    return new Table(schema, dicts, new ArrayList<>(b));
  }

  /** Something that yields record batches into one root, with dictionaries on the side. */
  interface BatchSource {
    /** Loads the next batch into {@link #root()}; false at end of stream. */
    boolean next() throws IOException;

    VectorSchemaRoot root() throws IOException;

    DictionaryProvider dictionaries() throws IOException;

    /** Whether the schema has arrived (a FlightStream may carry metadata before it). */
    default boolean hasRoot() {
      return true;
    }

    /** Whether the current message carried only app_metadata (no batch to keep). */
    default boolean isMetadataOnly() {
      return false;
    }

    /** Optional hook called after each batch was copied (e.g. to acknowledge it). */
    default void afterBatch(int index) {}
  }

  /** Reads an Arrow IPC stream file. */
  static Table readFile(Path file, BufferAllocator allocator) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      return capture(
          new BatchSource() {
            @Override
            public boolean next() throws IOException {
              return reader.loadNextBatch();
            }

            @Override
            public VectorSchemaRoot root() throws IOException {
              return reader.getVectorSchemaRoot();
            }

            @Override
            public DictionaryProvider dictionaries() {
              return reader;
            }
          },
          allocator);
    }
  }

  /**
   * Reads a whole FlightStream; every message (also metadata-only ones, which are not kept) is
   * passed to {@code afterBatch} once it was copied.
   */
  static Table readStream(FlightStream stream, BufferAllocator allocator, BatchHook hook)
      throws IOException {
    return readStream(stream, allocator, hook, true);
  }

  /**
   * As {@link #readStream(FlightStream, BufferAllocator, BatchHook)}; with {@code
   * zeroRowMetadataIsMetadataOnly} false every message with a root is kept as a batch (the JSON
   * round trip, whose empty batches carry app_metadata too).
   */
  static Table readStream(FlightStream stream, BufferAllocator allocator, BatchHook hook,
      boolean zeroRowMetadataIsMetadataOnly) throws IOException {
    return capture(
        new BatchSource() {
          @Override
          public boolean next() {
            return stream.next();
          }

          @Override
          public boolean hasRoot() {
            return stream.hasRoot();
          }

          /**
           * Arrow Java's FlightStream does not say whether a message was a batch or metadata
           * only (both look like a root of 0 rows); a 0-row message with app_metadata is taken as
           * metadata-only.
           */
          @Override
          public boolean isMetadataOnly() {
            return zeroRowMetadataIsMetadataOnly
                && stream.getRoot().getRowCount() == 0 && stream.getLatestMetadata() != null;
          }

          @Override
          public VectorSchemaRoot root() {
            return stream.getRoot();
          }

          @Override
          public DictionaryProvider dictionaries() {
            return stream.getDictionaryProvider();
          }

          @Override
          public void afterBatch(int index) {
            if (hook != null) {
              hook.afterBatch(index);
            }
          }
        },
        allocator);
  }

  interface BatchHook {
    void afterBatch(int index);
  }

  /** Copies everything out of a source, refusing dictionary replacement (Java cannot send it). */
  static Table capture(BatchSource source, BufferAllocator allocator) throws IOException {
    List<ArrowRecordBatch> batches = new ArrayList<>();
    Map<Long, FieldVector> seen = new HashMap<>();
    try {
      int index = 0;
      while (source.next()) {
        if (!source.hasRoot() || source.isMetadataOnly()) {
          source.afterBatch(index++);
          continue;
        }
        VectorSchemaRoot root = source.root();
        batches.add(new VectorUnloader(root, true, true).getRecordBatch());
        checkDictionariesOnlyGrow(root.getSchema(), source.dictionaries(), seen, allocator);
        source.afterBatch(index++);
      }
      if (!source.hasRoot()) {
        throw new IOException("the stream ended without a schema");
      }
      VectorSchemaRoot root = source.root();
      Schema schema = root.getSchema();
      DictionaryProvider.MapDictionaryProvider dicts =
          new DictionaryProvider.MapDictionaryProvider();
      DictionaryProvider from = source.dictionaries();
      for (long id : dictionaryIds(schema)) {
        Dictionary d = from.lookup(id);
        if (d == null) {
          throw new IOException("dictionary " + id + " missing");
        }
        FieldVector v = d.getVector();
        TransferPair tp = v.getTransferPair(v.getField(), allocator);
        tp.transfer();
        dicts.put(new Dictionary((FieldVector) tp.getTo(), d.getEncoding()));
      }
      Table t = new Table(schema, dicts, batches);
      batches = null;
      return t;
    } finally {
      for (FieldVector v : seen.values()) {
        v.close();
      }
      if (batches != null) {
        batches.forEach(ArrowRecordBatch::close);
      }
    }
  }

  /**
   * A dictionary may grow (delta batches: the final dictionary still decodes earlier batches) but
   * must never change what an existing index means: Arrow Java Flight sends dictionaries once, at
   * stream start, so a replaced dictionary cannot be served faithfully.
   */
  private static void checkDictionariesOnlyGrow(
      Schema schema, DictionaryProvider provider, Map<Long, FieldVector> seen,
      BufferAllocator allocator)
      throws IOException {
    for (long id : dictionaryIds(schema)) {
      Dictionary d = provider.lookup(id);
      if (d == null) {
        continue;
      }
      FieldVector now = d.getVector();
      FieldVector before = seen.get(id);
      if (before != null) {
        int n = before.getValueCount();
        boolean prefixSame =
            now.getValueCount() >= n
                && (n == 0
                    || new RangeEqualsVisitor(before, now, null).rangeEquals(new Range(0, 0, n)));
        if (!prefixSame) {
          throw new IOException(
              "dictionary " + id + " is replaced mid-stream (Arrow Java Flight cannot send that)");
        }
        if (now.getValueCount() == n) {
          continue;
        }
        before.close();
      }
      TransferPair tp = now.getTransferPair(now.getField(), allocator);
      tp.splitAndTransfer(0, now.getValueCount());
      seen.put(id, (FieldVector) tp.getTo());
    }
  }

  /** Dictionary ids referenced by a memory-format schema, in depth-first field order. */
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

  /** Streams the table: schema and dictionaries, then every batch. Does not complete. */
  void writeTo(OutboundStreamListener out, BufferAllocator allocator) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      out.start(root, dictionaries);
      VectorLoader loader = new VectorLoader(root);
      for (ArrowRecordBatch b : batches) {
        loader.load(b);
        out.putNext();
      }
    }
  }

  /** A root loaded with batch {@code i}; the caller closes it. */
  VectorSchemaRoot load(int i, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    new VectorLoader(root).load(batches.get(i));
    return root;
  }

  List<Integer> batchLengths() {
    List<Integer> out = new ArrayList<>();
    for (ArrowRecordBatch b : batches) {
      out.add(b.getLength());
    }
    return out;
  }
}
