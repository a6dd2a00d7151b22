package dev.flightwire.internal.ipc;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
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
import org.apache.arrow.vector.validate.ValidateVectorBufferVisitor;

/**
 * Applies decoded FlightData messages to one VectorSchemaRoot and its dictionaries, as an IPC
 * stream reader does: Schema first, then dictionary batches (replacements and deltas) and record
 * batches. Vectors load from slices of each message body; nothing is copied except to append
 * dictionary deltas.
 *
 * <p>Not thread-safe. Owns the root and the dictionary vectors until {@link #close()}.
 */
public final class IpcStreamReader implements AutoCloseable {
  /** What a message was. */
  public enum Kind { SCHEMA, DICTIONARY, BATCH, METADATA }

  private final BufferAllocator allocator;
  private final Map<Long, Dictionary> dictionaries = new HashMap<>();
  private Schema schema;
  private VectorSchemaRoot root;

  public IpcStreamReader(BufferAllocator allocator) {
    this.allocator = allocator;
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
          throw invalid("unexpected IPC message type " + headerTypeName(m.headerType()));
      }
    }
  }

  private void onSchema(FlightDataMessage m) {
    if (schema != null) {
      throw invalid("a second Schema message arrived in the same stream");
    }
    Schema inMemory;
    try {
      Schema wire = MessageSerializer.deserializeSchema(m.header());
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
  }

  private void onBatch(FlightDataMessage m) {
    if (root == null) {
      throw invalid("a record batch arrived before the Schema message");
    }
    checkBuffersInBody(m, "record batch");
    ArrowBuf body = body(m);
    ArrowRecordBatch deserialized;
    try {
      deserialized = MessageSerializer.deserializeRecordBatch(m.header(), body);
    } catch (Exception e) {
      body.getReferenceManager().release();
      throw invalid("record batch does not match its body: " + e.getMessage());
    }
    try (ArrowRecordBatch wire = deserialized;
        ArrowRecordBatch plain = BodyDecompressor.decompress(wire, allocator)) {
      ArrowRecordBatch batch = plain != null ? plain : wire;
      String problem = BatchBounds.problem(root.getFieldVectors(), batch);
      if (problem != null) {
        throw invalid("invalid record batch: " + problem);
      }
      new VectorLoader(root, NoCompressionCodec.Factory.INSTANCE).load(batch);
      validateBuffers(root.getFieldVectors());
    } catch (GrpcStatusException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("record batch does not match the schema: " + e.getMessage());
    }
  }

  private void onDictionary(FlightDataMessage m) {
    if (root == null) {
      throw invalid("a dictionary batch arrived before the Schema message");
    }
    checkBuffersInBody(m, "dictionary batch");
    ArrowBuf body = body(m);
    ArrowDictionaryBatch deserialized;
    try {
      deserialized = MessageSerializer.deserializeDictionaryBatch(m.header(), body);
    } catch (Exception e) {
      body.getReferenceManager().release();
      throw invalid("dictionary batch does not match its body: " + e.getMessage());
    }
    try (ArrowDictionaryBatch batch = deserialized) {
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
    } catch (GrpcStatusException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("invalid dictionary batch: " + e.getMessage());
    }
  }

  private void load(FieldVector vector, ArrowRecordBatch data) {
    VectorSchemaRoot holder = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), 0);
    try (ArrowRecordBatch plain = BodyDecompressor.decompress(data, allocator)) {
      ArrowRecordBatch batch = plain != null ? plain : data;
      String problem = BatchBounds.problem(List.of(vector), batch);
      if (problem != null) {
        throw invalid("invalid dictionary batch: " + problem);
      }
      new VectorLoader(holder, NoCompressionCodec.Factory.INSTANCE).load(batch);
      validateBuffers(List.of(vector));
    }
  }

  /**
   * What {@link BatchBounds} cannot see before loading (variable-width offsets against the data
   * they point into), checked by Arrow's buffer validator: constant time per column, so a lying
   * batch fails here and not in whoever reads the vectors. (Arrow's full {@code validate} also
   * checks types, and wrongly refuses map vectors.)
   */
  private static void validateBuffers(List<FieldVector> vectors) {
    ValidateVectorBufferVisitor visitor = new ValidateVectorBufferVisitor();
    for (FieldVector v : vectors) {
      v.accept(visitor, null);
    }
  }

  /** Fails unless every buffer the batch in {@code m} declares lies within its body. */
  private static void checkBuffersInBody(FlightDataMessage m, String what) {
    long bodyLength = m.body() == null ? 0 : m.body().capacity();
    String problem = null;
    try {
      RecordBatch batch = m.headerType() == MessageHeader.DictionaryBatch
          ? ((DictionaryBatch) m.header().header(new DictionaryBatch())).data()
          : (RecordBatch) m.header().header(new RecordBatch());
      if (batch == null) {
        problem = what + " has no RecordBatch table";
      }
      for (int i = 0; problem == null && i < batch.buffersLength(); i++) {
        Buffer b = batch.buffers(i);
        if (b.offset() < 0 || b.length() < 0 || b.offset() + b.length() > bodyLength) {
          problem = what + " buffer " + i + " claims bytes [" + b.offset() + ", " + (b.offset() + b.length())
              + ") of a body of " + bodyLength + " bytes";
        }
      }
    } catch (RuntimeException e) {
      problem = what + " header is not a valid flatbuffer (" + e.getClass().getSimpleName() + ")";
    }
    if (problem != null) {
      throw invalid(problem);
    }
  }

  /**
   * The body for MessageSerializer.deserialize*, which consumes one reference of the buffer it is
   * given, but only when it succeeds (a failure leaves the reference to the caller to release):
   * retained here so the message keeps its own reference until it is closed.
   */
  private ArrowBuf body(FlightDataMessage m) {
    ArrowBuf b = m.body() != null ? m.body() : allocator.getEmpty();
    b.getReferenceManager().retain();
    return b;
  }

  private static String headerTypeName(byte t) {
    return t >= 0 && t < MessageHeader.names.length ? MessageHeader.name(t) : "#" + (t & 0xFF);
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
