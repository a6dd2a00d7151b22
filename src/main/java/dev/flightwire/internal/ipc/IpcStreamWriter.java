package dev.flightwire.internal.ipc;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Turns a schema, dictionaries and record batches into FlightData messages (Schema first, then
 * every dictionary, then batches), each an owned ByteBuf from {@link FlightDataEncoder}.
 * Not thread-safe.
 */
public final class IpcStreamWriter {
  private final FlightDataEncoder encoder;
  private Schema schema;
  private CompressionCodec codec = NoCompressionCodec.INSTANCE;
  private boolean omitAllValidBitmaps;

  public IpcStreamWriter(FlightDataEncoder encoder) {
    this.encoder = encoder;
  }

  public boolean started() {
    return schema != null;
  }

  public Schema schema() {
    return schema;
  }

  /**
   * Returns the Schema message and one DictionaryBatch per dictionary the schema uses, all owned
   * by the caller. {@code dictionaries} is borrowed and may be null when no field is
   * dictionary-encoded.
   */
  public List<ByteBuf> begin(Schema inMemory, DictionaryProvider dictionaries, byte[] descriptor) {
    for (Field f : inMemory.getFields()) {
      checkDictionaries(f, dictionaries);
    }
    Set<Long> used = new HashSet<>();
    List<Field> fields = new ArrayList<>();
    for (Field f : inMemory.getFields()) {
      fields.add(DictionaryUtility.toMessageFormat(f, dictionaries, used));
    }
    this.schema = inMemory;
    List<ByteBuf> out = new ArrayList<>();
    boolean ok = false;
    try {
      out.add(encoder.schema(new Schema(fields, inMemory.getCustomMetadata()), descriptor, null));
      for (long id : sorted(used)) {
        Dictionary d = dictionaries.lookup(id);
        if (d == null) {
          throw new IllegalArgumentException("dictionary " + id + " used by the schema is missing from the provider");
        }
        out.add(dictionary(id, d.getVector(), false));
      }
      ok = true;
      return out;
    } finally {
      if (!ok) {
        out.forEach(ByteBuf::release);
      }
    }
  }

  /** Fails, naming the field, when a dictionary-encoded field's dictionary is not in the provider. */
  private static void checkDictionaries(Field f, DictionaryProvider dictionaries) {
    if (f.getDictionary() != null) {
      long id = f.getDictionary().getId();
      if (dictionaries == null) {
        throw new IllegalArgumentException("field \"" + f.getName() + "\" is dictionary-encoded (dictionary " + id
            + ") but the stream provides no dictionaries");
      }
      if (dictionaries.lookup(id) == null) {
        throw new IllegalArgumentException("field \"" + f.getName() + "\" is dictionary-encoded but dictionary " + id
            + " is missing from the stream's dictionaries");
      }
    }
    for (Field child : f.getChildren()) {
      checkDictionaries(child, dictionaries);
    }
  }

  /**
   * Returns the Schema message alone (owned by the caller), for a stream whose dictionary batches
   * are sent one by one with {@link #dictionary}: {@code wire} is the schema in message form (as
   * received), {@code inMemory} the one its batches have.
   */
  public ByteBuf beginWithoutDictionaries(Schema wire, Schema inMemory, byte[] descriptor) {
    ByteBuf m = encoder.schema(wire, descriptor, null);
    this.schema = inMemory;
    return m;
  }

  private static List<Long> sorted(Set<Long> ids) {
    List<Long> l = new ArrayList<>(ids);
    l.sort(null);
    return l;
  }

  /**
   * An owned DictionaryBatch message for {@code vector} (borrowed): a replacement, or a delta
   * that extends the dictionary.
   */
  public ByteBuf dictionary(long id, FieldVector vector, boolean delta) {
    VectorSchemaRoot holder = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector),
        vector.getValueCount());
    try (ArrowRecordBatch data = unload(holder);
        ArrowDictionaryBatch batch = new ArrowDictionaryBatch(id, data, delta)) {
      return encoder.dictionaryBatch(batch);
    }
  }

  /** An owned RecordBatch message for the current content of {@code root} (borrowed). */
  public ByteBuf batch(VectorSchemaRoot root, byte[] appMetadata, byte[] descriptor) {
    return batch(root, appMetadata, descriptor, 0);
  }

  /**
   * An owned RecordBatch message for the current content of {@code root} (borrowed); one of at
   * most {@code copyBelow} bytes holds a copy of the body and no reference to the root's buffers.
   */
  public ByteBuf batch(VectorSchemaRoot root, byte[] appMetadata, byte[] descriptor, int copyBelow) {
    try (ArrowRecordBatch batch = unload(root)) {
      return encoder.recordBatch(batch, descriptor, appMetadata, copyBelow);
    }
  }

  /** An owned metadata-only message. */
  public ByteBuf metadata(byte[] appMetadata, byte[] descriptor) {
    return encoder.metadataOnly(appMetadata, descriptor);
  }

  /** Unloads {@code root}, leaving out the bitmaps of null-free columns when uncompressed ({@link AllValidBitmaps}). */
  private ArrowRecordBatch unload(VectorSchemaRoot root) {
    ArrowRecordBatch batch = new VectorUnloader(root, true, codec, true).getRecordBatch();
    return omitAllValidBitmaps && codec == NoCompressionCodec.INSTANCE
        ? AllValidBitmaps.omit(root.getFieldVectors(), batch) : batch;
  }

  /**
   * Leaves the validity bitmaps of null-free columns out of uncompressed batches from now on (off
   * by default; on for messages that go over a socket, off in-process, where the buffers are handed
   * over as they are).
   */
  public IpcStreamWriter omitAllValidBitmaps(boolean omit) {
    this.omitAllValidBitmaps = omit;
    return this;
  }

  /**
   * Compresses bodies with {@code codec} from now on ({@link NoCompressionCodec#INSTANCE} for
   * none, the default). A compressed body is new memory, released when the message is written.
   */
  public IpcStreamWriter compression(CompressionCodec codec) {
    this.codec = codec;
    return this;
  }

  /** The codec of a compression name: null for none. */
  public static CompressionCodec codec(CompressionUtil.CodecType type) {
    return type == CompressionUtil.CodecType.NO_COMPRESSION ? NoCompressionCodec.INSTANCE
        : BodyCodecs.INSTANCE.createCodec(type);
  }
}
