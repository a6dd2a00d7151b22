package dev.flightwire.fuzz;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.FlightDataDecoder;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.FlightDataMessage;
import dev.flightwire.internal.ipc.IpcStreamReader;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A valid IPC stream to start mutating from, and the decode-and-apply loop the IPC targets share.
 * The schema covers each kind of buffer layout: fixed width (int32), variable width (utf8),
 * views with variadic data buffers (utf8_view), a list, a struct, and a dictionary-encoded utf8
 * column (dictionary id 7).
 */
final class IpcFixtures {
  static final long DICTIONARY_ID = 7;
  private static final DictionaryEncoding ENCODING =
      new DictionaryEncoding(DICTIONARY_ID, false, new ArrowType.Int(32, true));
  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("i", new ArrowType.Int(32, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE),
      Field.nullable("v", ArrowType.Utf8View.INSTANCE),
      new Field("l", FieldType.nullable(ArrowType.List.INSTANCE),
          List.of(Field.nullable("item", new ArrowType.Int(64, true)))),
      new Field("st", FieldType.nullable(ArrowType.Struct.INSTANCE),
          List.of(Field.nullable("b", ArrowType.Bool.INSTANCE),
              Field.nullable("d", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)))),
      new Field("d", new FieldType(true, new ArrowType.Int(32, true), ENCODING), null)));
  private static final UnpooledByteBufAllocator NETTY = new UnpooledByteBufAllocator(false);
  private static byte[] schemaMessage;

  private IpcFixtures() {}

  /** The FlightData bytes (no gRPC prefix) of the Schema message alone. */
  static synchronized byte[] schemaMessage() {
    if (schemaMessage == null) {
      schemaMessage = stream(CompressionUtil.CodecType.NO_COMPRESSION, 0, 0).get(0);
    }
    return schemaMessage.clone();
  }

  /**
   * FlightData bytes of a valid stream: Schema, the dictionary batch, one record batch of
   * {@code rows} rows drawn from {@code seed}, bodies compressed with {@code codec}.
   */
  static List<byte[]> stream(CompressionUtil.CodecType codec, int rows, long seed) {
    Random random = new Random(seed);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector words = new VarCharVector(Field.nullable("dict", ArrowType.Utf8.INSTANCE), allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      int dictSize = 1 + random.nextInt(4);
      words.allocateNew();
      for (int i = 0; i < dictSize; i++) {
        words.setSafe(i, word(random, 12));
      }
      words.setValueCount(dictSize);
      DictionaryProvider.MapDictionaryProvider provider =
          new DictionaryProvider.MapDictionaryProvider(new Dictionary(words, ENCODING));
      fill(root, rows, dictSize, random);
      IpcStreamWriter writer = new IpcStreamWriter(new FlightDataEncoder(NETTY, IpcOption.DEFAULT))
          .compression(IpcStreamWriter.codec(codec));
      List<byte[]> out = new ArrayList<>();
      for (ByteBuf b : writer.begin(SCHEMA, provider, null)) {
        out.add(withoutPrefix(b));
      }
      out.add(withoutPrefix(writer.batch(root, null, null)));
      return out;
    }
  }

  private static void fill(VectorSchemaRoot root, int rows, int dictSize, Random random) {
    IntVector i = (IntVector) root.getVector("i");
    VarCharVector s = (VarCharVector) root.getVector("s");
    ViewVarCharVector v = (ViewVarCharVector) root.getVector("v");
    ListVector l = (ListVector) root.getVector("l");
    StructVector st = (StructVector) root.getVector("st");
    IntVector d = (IntVector) root.getVector("d");
    root.allocateNew();
    BigIntVector items = (BigIntVector) l.getDataVector();
    BitVector b = (BitVector) st.getChild("b");
    Float8Vector f = (Float8Vector) st.getChild("d");
    int item = 0;
    for (int r = 0; r < rows; r++) {
      boolean isNull = random.nextInt(5) == 0;
      if (isNull) {
        i.setNull(r);
        s.setNull(r);
        v.setNull(r);
        d.setNull(r);
        st.setNull(r);
        l.setNull(r);
        continue;
      }
      i.setSafe(r, random.nextInt());
      s.setSafe(r, word(random, 20));
      v.setSafe(r, word(random, 30)); // longer than 12 bytes goes to a data buffer
      d.setSafe(r, random.nextInt(dictSize));
      st.setIndexDefined(r);
      b.setSafe(r, random.nextInt(2));
      f.setSafe(r, random.nextDouble());
      int n = random.nextInt(4);
      l.startNewValue(r);
      for (int k = 0; k < n; k++) {
        items.setSafe(item++, random.nextLong());
      }
      l.endValue(r, n);
    }
    items.setValueCount(item);
    root.setRowCount(rows);
  }

  private static byte[] word(Random random, int maxLength) {
    byte[] w = new byte[random.nextInt(maxLength + 1)];
    for (int k = 0; k < w.length; k++) {
      w[k] = (byte) ('a' + random.nextInt(26));
    }
    return w;
  }

  private static byte[] withoutPrefix(ByteBuf b) {
    try {
      byte[] out = new byte[b.readableBytes() - 5];
      b.getBytes(b.readerIndex() + 5, out);
      return out;
    } finally {
      b.release();
    }
  }

  /**
   * Decodes and applies {@code messages} in order on one reader of a fresh allocator, stopping at
   * the first failure, which must be INTERNAL (malformed protobuf) or INVALID_ARGUMENT (a
   * data_header that is not an IPC flatbuffer) from the decoder, or INVALID_ARGUMENT from the
   * reader. Every batch and dictionary the reader accepts must read back completely. Checks that
   * nothing stays allocated.
   */
  static void decodeAndApply(List<byte[]> messages, boolean direct) {
    BufferAllocator allocator = Fuzzing.allocator();
    List<ByteBuf> network = new ArrayList<>();
    try (IpcStreamReader reader = new IpcStreamReader(allocator)) {
      for (byte[] m : messages) {
        ByteBuf buf = Fuzzing.networkBuffer(m, direct);
        network.add(buf);
        FlightDataMessage decoded;
        try {
          decoded = FlightDataDecoder.decode(buf, allocator);
        } catch (GrpcStatusException e) {
          Fuzzing.expectStatus(e, Set.of(GrpcStatusCode.INTERNAL, GrpcStatusCode.INVALID_ARGUMENT));
          break;
        }
        try {
          IpcStreamReader.Kind kind = reader.apply(decoded);
          if (kind == IpcStreamReader.Kind.BATCH) {
            readAll(reader.root().getFieldVectors());
          } else if (kind == IpcStreamReader.Kind.DICTIONARY) {
            for (Dictionary d : reader.dictionaries().values()) {
              readAll(List.of(d.getVector()));
            }
          }
        } catch (GrpcStatusException e) {
          Fuzzing.expectStatus(e, Set.of(GrpcStatusCode.INVALID_ARGUMENT));
          break;
        }
      }
    }
    for (ByteBuf b : network) {
      Fuzzing.assertReleased(b, "a received FlightData buffer");
    }
    Fuzzing.closeChecked(allocator);
  }

  /** Reads every value, as an application would; a loaded batch must allow that. */
  static void readAll(List<? extends ValueVector> vectors) {
    for (ValueVector v : vectors) {
      for (int r = 0; r < v.getValueCount(); r++) {
        Object o = v.getObject(r);
        if (o != null) {
          o.toString().getBytes(StandardCharsets.UTF_8);
        }
      }
    }
  }

  static void readAll(FieldVector v) {
    readAll(List.of(v));
  }
}
