package dev.flightwire.internal.ipc;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;
import org.apache.arrow.vector.util.VectorBatchAppender;

/**
 * Applies decoded FlightData messages to one VectorSchemaRoot and its dictionaries, as an IPC
 * stream reader does: Schema first, then dictionary batches (replacements and deltas) and record
 * batches. Vectors load from slices of each message body; nothing is copied except to append
 * dictionary deltas. Every loaded batch and dictionary is checked (buffer sizes, offsets within
 * their data; see BatchValidation), so that what the reader accepts can be read without going out
 * of bounds.
 *
 * <p>Not thread-safe. Owns the root and the dictionary vectors until {@link #close()}.
 */
public final class IpcStreamReader implements AutoCloseable {
  /** What a message was. */
  public enum Kind { SCHEMA, DICTIONARY, BATCH, METADATA }

  private final BufferAllocator allocator;
  private final long maxDecompressedBytes;
  private final Map<Long, Dictionary> dictionaries = new HashMap<>();
  private final java.util.Set<Long> received = new java.util.HashSet<>();
  private Schema schema;
  private Schema wireSchema;
  private VectorSchemaRoot root;
  private DictionarySink recorder;

  public IpcStreamReader(BufferAllocator allocator) {
    this(allocator, Long.MAX_VALUE);
  }

  /**
   * @param maxDecompressedBytes the most bytes the compressed buffers of one batch may claim to
   *     decompress to (together); a batch claiming more is refused before anything is allocated
   */
  public IpcStreamReader(BufferAllocator allocator, long maxDecompressedBytes) {
    this.allocator = allocator;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  /**
   * Applies {@code message}, taking ownership of it (it is closed before return).
   *
   * @throws GrpcStatusException INVALID_ARGUMENT when the stream breaks IPC rules or a batch does
   *     not fit the schema
   */
  public Kind apply(FlightDataMessage message) {
    try (FlightDataMessage m = message) {
      if (m.header() == null) {
        return Kind.METADATA;
      }
      short version = m.header().version();
      if (version < org.apache.arrow.flatbuf.MetadataVersion.V4 || version > org.apache.arrow.flatbuf.MetadataVersion.V5) {
        throw invalid("IPC metadata version " + versionName(version) + " is not supported: Flight needs V4 or V5"
            + " (Arrow 0.15 or later)");
      }
      switch (m.headerType()) {
        case MessageHeader.Schema:
          onSchema(m);
          return Kind.SCHEMA;
        case MessageHeader.DictionaryBatch:
          onDictionary(m);
          return Kind.DICTIONARY;
        case MessageHeader.RecordBatch:
          onBatch(m);
          return Kind.BATCH;
        default:
          throw invalid("unexpected IPC message type " + MessageHeader.name(m.headerType()));
      }
    }
  }

  private void onSchema(FlightDataMessage m) {
    if (schema != null) {
      throw invalid("a second Schema message arrived in the same stream");
    }
    checkSupported(m);
    Schema inMemory;
    Schema wire;
    try {
      wire = MessageSerializer.deserializeSchema(m.header());
      List<Field> fields = new ArrayList<>();
      for (Field f : wire.getFields()) {
        fields.add(DictionaryUtility.toMemoryFormat(f, allocator, dictionaries));
      }
      inMemory = new Schema(fields, wire.getCustomMetadata());
      root = VectorSchemaRoot.create(inMemory, allocator);
    } catch (RuntimeException e) {
      throw invalid("invalid Schema message: " + e.getMessage());
    } catch (StackOverflowError e) {
      // flatbuffer offsets are followed as they are: a field may list itself among its children
      throw invalid("invalid Schema message: its fields nest too deeply or contain themselves");
    }
    schema = inMemory;
    wireSchema = wire;
  }

  /**
   * Refuses, with UNIMPLEMENTED naming the column and the type, a schema with a type that Arrow
   * Java cannot hold (for example decimal32), instead of Arrow's bare message as a malformed
   * schema.
   */
  private static void checkSupported(FlightDataMessage m) {
    org.apache.arrow.flatbuf.Schema s;
    try {
      s = (org.apache.arrow.flatbuf.Schema) m.header().header(new org.apache.arrow.flatbuf.Schema());
    } catch (RuntimeException e) {
      return; // malformed: deserializing says so
    }
    if (s == null) {
      return;
    }
    int[] budget = {10_000}; // fields visited at most: a malformed schema may list a field among its own children
    for (int i = 0; i < s.fieldsLength(); i++) {
      org.apache.arrow.flatbuf.Field f = s.fields(i);
      if (f != null) {
        checkSupported(f, f.name(), 0, budget);
      }
    }
  }

  private static void checkSupported(org.apache.arrow.flatbuf.Field f, String path, int depth, int[] budget) {
    if (depth > 64 || --budget[0] < 0) {
      return; // refused as malformed when the schema is read
    }
    for (int i = 0; i < f.childrenLength(); i++) {
      org.apache.arrow.flatbuf.Field c = f.children(i);
      if (c != null) {
        checkSupported(c, path + "." + c.name(), depth + 1, budget);
      }
    }
    try {
      org.apache.arrow.vector.types.pojo.ArrowType.getTypeForField(f); // this field's type only
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw GrpcStatusException.of(GrpcStatusCode.UNIMPLEMENTED, "column \"" + path + "\": " + typeName(f)
          + " is not supported by this server (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      // something else is wrong with the field: reading the schema reports it as malformed
    }
  }

  private static String typeName(org.apache.arrow.flatbuf.Field f) {
    byte t = f.typeType();
    if (t == org.apache.arrow.flatbuf.Type.Decimal) {
      org.apache.arrow.flatbuf.Decimal d = (org.apache.arrow.flatbuf.Decimal) f.type(new org.apache.arrow.flatbuf.Decimal());
      return "decimal" + d.bitWidth() + "(" + d.precision() + ", " + d.scale() + ")";
    }
    return t >= 0 && t < org.apache.arrow.flatbuf.Type.names.length
        ? org.apache.arrow.flatbuf.Type.name(t) : "type #" + t;
  }

  private void onBatch(FlightDataMessage m) {
    if (root == null) {
      throw invalid("a record batch arrived before the Schema message");
    }
    checkLayout(m, false);
    try (ArrowRecordBatch wire = m.segments() != null
            ? m.segments().recordBatch((RecordBatch) m.header().header(new RecordBatch()), allocator)
            : deserialize(m, body -> MessageSerializer.deserializeRecordBatch(m.header(), body));
        ArrowRecordBatch plain = BodyDecompressor.decompress(wire, allocator, maxDecompressedBytes,
            root.getSchema().getFields())) {
      loadValidated(root, plain != null ? plain : wire);
    } catch (GrpcStatusException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("record batch does not match the schema or its body: " + e.getMessage());
    }
  }

  private void onDictionary(FlightDataMessage m) {
    if (root == null) {
      throw invalid("a dictionary batch arrived before the Schema message");
    }
    checkLayout(m, true);
    try (ArrowDictionaryBatch batch = m.segments() != null ? segmentedDictionary(m)
        : deserialize(m, body -> MessageSerializer.deserializeDictionaryBatch(m.header(), body))) {
      Dictionary dictionary = dictionaries.get(batch.getDictionaryId());
      if (dictionary == null) {
        throw invalid("dictionary batch for unknown dictionary id " + batch.getDictionaryId());
      }
      FieldVector target = dictionary.getVector();
      if (batch.isDelta()) {
        try (FieldVector delta = target.getField().createVector(allocator)) {
          load(delta, batch.getDictionary());
          VectorBatchAppender.batchAppend(target, delta);
        }
      } else {
        load(target, batch.getDictionary());
      }
      received.add(batch.getDictionaryId());
      if (recorder != null) {
        FieldVector own = target.getField().createVector(allocator);
        try {
          load(own, batch.getDictionary());
        } catch (RuntimeException e) {
          own.close();
          throw e;
        }
        recorder.accept(new DictionaryUpdate(batch.getDictionaryId(), own, batch.isDelta()));
      }
    } catch (GrpcStatusException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("invalid dictionary batch: " + e.getMessage());
    }
  }

  private void load(FieldVector vector, ArrowRecordBatch data) {
    VectorSchemaRoot holder = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), 0);
    try (ArrowRecordBatch plain = BodyDecompressor.decompress(data, allocator, maxDecompressedBytes,
        List.of(vector.getField()))) {
      loadValidated(holder, plain != null ? plain : data);
    }
  }

  /**
   * Loads {@code data} into the vectors of {@code target}, validates them, and only then sets the
   * row count. Arrow's VectorLoader sets it straight after loading, and a vector whose buffers do
   * not hold that many values grows from them: unvalidated offsets can make it allocate anything,
   * and a copy that fails half-way leaks the new buffer.
   */
  private static void loadValidated(VectorSchemaRoot target, ArrowRecordBatch data) {
    RowCountHolder staging = new RowCountHolder(target);
    new VectorLoader(staging, NoCompressionCodec.Factory.INSTANCE).load(data);
    for (FieldVector v : target.getFieldVectors()) {
      BatchValidation.validate(v);
      if (v.getValueCount() != staging.rowCount) {
        throw new IllegalArgumentException("column " + v.getName() + " has " + v.getValueCount()
            + " values in a batch of " + staging.rowCount + " rows");
      }
    }
    target.setRowCount(staging.rowCount);
  }

  /** The vectors of a root, for VectorLoader, with setRowCount only noted. Never closed. */
  private static final class RowCountHolder extends VectorSchemaRoot {
    int rowCount;

    RowCountHolder(VectorSchemaRoot root) {
      super(root.getSchema().getFields(), root.getFieldVectors(), root.getRowCount());
    }

    @Override
    public void setRowCount(int rowCount) {
      this.rowCount = rowCount;
    }
  }

  /**
   * Checks what Arrow's deserializer takes on trust: lengths and null counts within INT_MAX (Arrow
   * refuses larger ones only after taking references) and every buffer inside the body (Arrow
   * slices without checking, and its ArrowRecordBatch fails half-way through a negative slice,
   * keeping references to the buffers before it).
   */
  private static void checkLayout(FlightDataMessage m, boolean dictionary) {
    String what = dictionary ? "dictionary batch" : "record batch";
    try {
      checkLayout(dictionary ? ((DictionaryBatch) m.header().header(new DictionaryBatch())).data()
          : (RecordBatch) m.header().header(new RecordBatch()), m.bodyLength(), what);
    } catch (GrpcStatusException e) {
      throw e;
    } catch (RuntimeException e) { // a flatbuffer whose offsets point outside it
      throw invalid("malformed " + what + " header: " + e);
    }
  }

  private static void checkLayout(RecordBatch batch, long bodySize, String what) {
    if (batch == null) {
      throw invalid(what + " without a RecordBatch header");
    }
    if (batch.length() < 0 || batch.length() > Integer.MAX_VALUE) {
      throw invalid(what + " claims " + batch.length() + " rows");
    }
    for (int i = 0; i < batch.nodesLength(); i++) {
      FieldNode node = batch.nodes(i);
      if (node.length() < 0 || node.length() > Integer.MAX_VALUE || node.nullCount() < 0
          || node.nullCount() > node.length()) {
        throw invalid(what + ": field node " + i + " has length " + node.length() + " and null count "
            + node.nullCount());
      }
    }
    for (int i = 0; i < batch.buffersLength(); i++) {
      Buffer b = batch.buffers(i);
      if (b.offset() < 0 || b.length() < 0 || b.offset() > bodySize - b.length()) {
        throw invalid(what + ": buffer " + i + " (offset " + b.offset() + ", length " + b.length()
            + ") lies outside the " + bodySize + "-byte body");
      }
    }
  }

  /** A dictionary batch whose body came by reference in pieces (see {@link SegmentedBody}). */
  private ArrowDictionaryBatch segmentedDictionary(FlightDataMessage m) {
    DictionaryBatch d = (DictionaryBatch) m.header().header(new DictionaryBatch());
    return new ArrowDictionaryBatch(d.id(), m.segments().recordBatch(d.data(), allocator), d.isDelta());
  }

  /** MessageSerializer.deserializeRecordBatch or deserializeDictionaryBatch. */
  private interface Deserializer<T> {
    T apply(ArrowBuf body) throws IOException;
  }

  /**
   * Runs a MessageSerializer.deserialize* method, which consumes one reference of the body it is
   * given, but only when it succeeds: a header it refuses (a length beyond INT_MAX, a buffer
   * outside the body) leaves that reference behind. The reference is taken here, so the message
   * keeps its own until it is closed, and given back here when Arrow throws.
   */
  private <T> T deserialize(FlightDataMessage m, Deserializer<T> deserializer) throws IOException {
    ArrowBuf body = m.body() != null ? m.body() : allocator.getEmpty();
    body.getReferenceManager().retain();
    boolean consumed = false;
    try {
      T result = deserializer.apply(body);
      consumed = true;
      return result;
    } finally {
      if (!consumed) {
        body.getReferenceManager().release();
      }
    }
  }

  private static String versionName(short v) {
    return v >= 0 && v < org.apache.arrow.flatbuf.MetadataVersion.names.length
        ? org.apache.arrow.flatbuf.MetadataVersion.name(v) : "#" + v;
  }

  private static GrpcStatusException invalid(String message) {
    return GrpcStatusException.of(GrpcStatusCode.INVALID_ARGUMENT, message);
  }

  /** The in-memory schema, or null before the Schema message. */
  public Schema schema() {
    return schema;
  }

  /**
   * The schema as the Schema message had it (dictionary-encoded fields with their value types,
   * as a writer needs it to send the stream again), or null before the Schema message.
   */
  public Schema wireSchema() {
    return wireSchema;
  }

  /** Whether a dictionary batch for {@code id} has been applied. */
  public boolean received(long id) {
    return received.contains(id);
  }

  /**
   * From now on, hands every dictionary batch applied to {@code sink} as well (null to stop).
   * Each is loaded a second time into a vector of its own, sharing the message body.
   */
  public void record(DictionarySink sink) {
    this.recorder = sink;
  }

  /** The root batches load into (owned by this reader), or null before the Schema message. */
  public VectorSchemaRoot root() {
    return root;
  }

  /** The dictionaries by id (owned by this reader). */
  public Map<Long, Dictionary> dictionaries() {
    return dictionaries;
  }

  @Override
  public void close() {
    if (root != null) {
      root.close();
    }
    for (Dictionary d : dictionaries.values()) {
      d.getVector().close();
    }
    dictionaries.clear();
  }
}
