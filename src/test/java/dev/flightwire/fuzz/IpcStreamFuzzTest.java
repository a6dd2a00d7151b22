package dev.flightwire.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.internal.proto.FlightData;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Structured IPC fuzzing: a valid stream (Schema, dictionary batch, record batch; bodies plain,
 * LZ4_FRAME or ZSTD) in which the fuzzer rewrites the header of the dictionary batch or the record
 * batch field by field (lengths, null counts, buffer offsets and lengths, node and buffer counts,
 * compression, variadic counts, dictionary id and delta flag, body length) and damages its body
 * (flipped bytes, truncation, extra bytes), then optionally replays messages. Same rules as
 * {@link FlightDataFuzzTest}: only the documented statuses, every accepted batch readable, no leak.
 */
class IpcStreamFuzzTest {
  private static final CompressionUtil.CodecType[] CODECS = {
      CompressionUtil.CodecType.NO_COMPRESSION, CompressionUtil.CodecType.LZ4_FRAME, CompressionUtil.CodecType.ZSTD};

  @FuzzTest
  void mutatedBatches(FuzzedDataProvider data) throws InvalidProtocolBufferException {
    CompressionUtil.CodecType codec = data.pickValue(CODECS);
    int rows = data.consumeInt(0, 12);
    List<byte[]> valid = IpcFixtures.stream(codec, rows, data.consumeLong());
    int target = data.consumeInt(1, 2); // 1: the dictionary batch, 2: the record batch
    FlightData original = FlightData.parseFrom(valid.get(target));
    Message header = Message.getRootAsMessage(original.getDataHeader().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    byte[] mutatedHeader = new HeaderMutator(data).message(header);
    byte[] body = mutateBody(original.getDataBody().toByteArray(), data);
    byte[] mutated = original.toBuilder().setDataHeader(ByteString.copyFrom(mutatedHeader))
        .setDataBody(ByteString.copyFrom(body)).build().toByteArray();

    List<byte[]> stream = new ArrayList<>(valid);
    stream.set(target, mutated);
    int replays = data.consumeInt(0, 3);
    for (int i = 0; i < replays; i++) {
      stream.add(data.pickValue(List.of(valid.get(1), valid.get(2), mutated)));
    }
    IpcFixtures.decodeAndApply(stream, data.consumeBoolean());
  }

  private static byte[] mutateBody(byte[] body, FuzzedDataProvider data) {
    if (data.consumeBoolean() && body.length > 0) {
      int flips = data.consumeInt(1, 8);
      for (int i = 0; i < flips; i++) {
        body[data.consumeInt(0, body.length - 1)] = data.consumeByte();
      }
    }
    if (data.consumeBoolean()) {
      body = java.util.Arrays.copyOf(body, data.consumeInt(0, body.length));
    }
    if (data.consumeBoolean()) {
      byte[] extra = data.consumeBytes(64);
      byte[] longer = java.util.Arrays.copyOf(body, body.length + extra.length);
      System.arraycopy(extra, 0, longer, body.length, extra.length);
      body = longer;
    }
    return body;
  }

  /** Rebuilds a RecordBatch or DictionaryBatch message, replacing fields as the fuzzer decides. */
  private static final class HeaderMutator {
    private final FuzzedDataProvider data;

    HeaderMutator(FuzzedDataProvider data) {
      this.data = data;
    }

    byte[] message(Message m) {
      FlatBufferBuilder b = new FlatBufferBuilder(512);
      byte type = m.headerType();
      int headerOffset;
      if (type == MessageHeader.DictionaryBatch) {
        DictionaryBatch d = (DictionaryBatch) m.header(new DictionaryBatch());
        int batch = recordBatch(b, d.data());
        headerOffset = DictionaryBatch.createDictionaryBatch(b, value(d.id()), batch,
            data.consumeBoolean() ? !d.isDelta() : d.isDelta());
      } else {
        headerOffset = recordBatch(b, (RecordBatch) m.header(new RecordBatch()));
      }
      short version = data.consumeBoolean() ? MetadataVersion.V4 : m.version();
      Message.startMessage(b);
      Message.addVersion(b, version);
      Message.addHeaderType(b, type);
      Message.addHeader(b, headerOffset);
      Message.addBodyLength(b, value(m.bodyLength()));
      b.finish(Message.endMessage(b));
      return b.sizedByteArray();
    }

    private int recordBatch(FlatBufferBuilder b, RecordBatch rb) {
      int nodeCount = count(rb.nodesLength());
      long[] nodeLength = new long[nodeCount];
      long[] nullCount = new long[nodeCount];
      for (int i = 0; i < nodeCount; i++) {
        FieldNode n = i < rb.nodesLength() ? rb.nodes(i) : null;
        nodeLength[i] = value(n == null ? 0 : n.length());
        nullCount[i] = value(n == null ? 0 : n.nullCount());
      }
      int bufferCount = count(rb.buffersLength());
      long[] offset = new long[bufferCount];
      long[] length = new long[bufferCount];
      for (int i = 0; i < bufferCount; i++) {
        Buffer buf = i < rb.buffersLength() ? rb.buffers(i) : null;
        offset[i] = value(buf == null ? 0 : buf.offset());
        length[i] = value(buf == null ? 0 : buf.length());
      }
      int variadicCount = count(rb.variadicBufferCountsLength());
      long[] variadic = new long[variadicCount];
      for (int i = 0; i < variadicCount; i++) {
        variadic[i] = value(i < rb.variadicBufferCountsLength() ? rb.variadicBufferCounts(i) : 1);
      }
      BodyCompression c = rb.compression();
      int compression = 0;
      switch (data.consumeInt(0, 3)) {
        case 0: // keep
          if (c != null) {
            compression = BodyCompression.createBodyCompression(b, c.codec(), c.method());
          }
          break;
        case 1: // drop
          break;
        default:
          compression = BodyCompression.createBodyCompression(b, data.consumeByte(), data.consumeByte());
      }
      RecordBatch.startNodesVector(b, nodeCount);
      for (int i = nodeCount - 1; i >= 0; i--) {
        FieldNode.createFieldNode(b, nodeLength[i], nullCount[i]);
      }
      int nodes = b.endVector();
      RecordBatch.startBuffersVector(b, bufferCount);
      for (int i = bufferCount - 1; i >= 0; i--) {
        Buffer.createBuffer(b, offset[i], length[i]);
      }
      int buffers = b.endVector();
      int variadicVector = variadicCount == 0 && rb.variadicBufferCountsLength() == 0 ? 0
          : RecordBatch.createVariadicBufferCountsVector(b, variadic);
      RecordBatch.startRecordBatch(b);
      RecordBatch.addLength(b, value(rb.length()));
      RecordBatch.addNodes(b, nodes);
      RecordBatch.addBuffers(b, buffers);
      if (compression != 0) {
        RecordBatch.addCompression(b, compression);
      }
      if (variadicVector != 0) {
        RecordBatch.addVariadicBufferCounts(b, variadicVector);
      }
      return RecordBatch.endRecordBatch(b);
    }

    /** The same count mostly; sometimes one more or one less. */
    private int count(int n) {
      if (!data.consumeBoolean()) {
        return n;
      }
      return Math.max(0, n + data.consumeInt(-1, 1));
    }

    /** The same value mostly; otherwise a near or extreme one. */
    private long value(long v) {
      if (!data.consumeBoolean()) {
        return v;
      }
      switch (data.consumeInt(0, 6)) {
        case 0: return v + data.consumeInt(-9, 9);
        case 1: return data.consumeLong();
        case 2: return 0;
        case 3: return -1;
        case 4: return Integer.MAX_VALUE;
        case 5: return Long.MAX_VALUE;
        default: return v * 2 + 8;
      }
    }
  }
}
