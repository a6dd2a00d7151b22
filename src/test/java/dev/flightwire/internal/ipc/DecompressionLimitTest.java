package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A compressed body states each buffer's uncompressed length in an 8-byte prefix; the reader must
 * refuse claims over its limit before allocating anything (a 2^40-byte claim must not reach the
 * allocator), and name the buffer in the error.
 */
class DecompressionLimitTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("a", new ArrowType.Int(32, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE)));
  private static final long LIMIT = 1 << 20;

  @ParameterizedTest
  @EnumSource(value = CompressionUtil.CodecType.class, names = {"ZSTD", "LZ4_FRAME"})
  void aBufferClaimingTwoToTheFortyBytesIsRefusedBeforeAllocating(CompressionUtil.CodecType codec) {
    // column s, its buffer 2 (the data buffer), claims 2^40 bytes
    GrpcStatusException e = apply(codec, new long[] {-2, -2, -2, -2, 1L << 40});
    assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    String m = e.status().message();
    assertTrue(m.contains("compressed buffer 4 (column 's', its buffer 2)"), m);
    assertTrue(m.contains(Long.toString(1L << 40)) && m.contains(Long.toString(LIMIT)), m);
  }

  @ParameterizedTest
  @EnumSource(value = CompressionUtil.CodecType.class, names = {"ZSTD", "LZ4_FRAME"})
  void claimsAreSummedOverTheBatch(CompressionUtil.CodecType codec) {
    // each claim fits, their sum does not: refused at column a's data buffer
    GrpcStatusException e = apply(codec, new long[] {-2, LIMIT / 2 + 1, -2, -2, LIMIT / 2 + 1});
    assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    assertTrue(e.status().message().contains("compressed buffer 4 (column 's', its buffer 2)"), e.status().message());
    assertTrue(e.status().message().contains("for the batch so far"), e.status().message());
  }

  @ParameterizedTest
  @EnumSource(value = CompressionUtil.CodecType.class, names = {"ZSTD", "LZ4_FRAME"})
  void aNegativeClaimIsInvalid(CompressionUtil.CodecType codec) {
    GrpcStatusException e = apply(codec, new long[] {-2, -7, -2, -2, -2});
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.status().message().contains("compressed buffer 1 (column 'a', its buffer 1)"), e.status().message());
  }

  /**
   * Sends a Schema message and then a one-row batch compressed with {@code codec} whose five
   * buffers (a: validity, data; s: validity, offsets, data) carry the claimed lengths
   * {@code claims} (-2: an empty buffer) followed by 16 junk bytes; returns the reader's refusal.
   * Checks that nothing leaked, in Arrow or Netty memory.
   */
  private static GrpcStatusException apply(CompressionUtil.CodecType codec, long[] claims) {
    FlightDataEncoder encoder = new FlightDataEncoder(PooledByteBufAllocator.DEFAULT, IpcOption.DEFAULT);
    List<ByteBuf> network = new ArrayList<>();
    GrpcStatusException refusal;
    try (BufferAllocator allocator = new RootAllocator(256L << 20);
        IpcStreamReader reader = new IpcStreamReader(allocator, LIMIT)) {
      ByteBuf schema = withoutPrefix(encoder.schema(SCHEMA, null, null));
      network.add(schema.retain());
      reader.apply(FlightDataDecoder.decode(schema, allocator));
      List<ArrowBuf> buffers = new ArrayList<>();
      for (long claim : claims) {
        if (claim == -2) {
          buffers.add(allocator.getEmpty());
          continue;
        }
        ArrowBuf b = allocator.buffer(24);
        b.setLong(0, claim); // little-endian, as Arrow writes it
        for (int i = 8; i < 24; i++) {
          b.setByte(i, 0x5a);
        }
        b.writerIndex(24);
        buffers.add(b);
      }
      ByteBuf batch;
      try (ArrowRecordBatch wire = new ArrowRecordBatch(1,
          List.of(new ArrowFieldNode(1, 0), new ArrowFieldNode(1, 0)), buffers,
          new ArrowBodyCompression(codec.getType(), org.apache.arrow.flatbuf.BodyCompressionMethod.BUFFER))) {
        batch = withoutPrefix(encoder.recordBatch(wire, null, null, Integer.MAX_VALUE));
      } finally {
        buffers.forEach(ArrowBuf::close);
      }
      network.add(batch.retain());
      refusal = assertThrows(GrpcStatusException.class,
          () -> reader.apply(FlightDataDecoder.decode(batch, allocator)));
    }
    for (ByteBuf b : network) {
      assertEquals(1, b.refCnt(), "the reader released what it was given");
      b.release();
    }
    return refusal;
  }

  /** The message without its 5-byte gRPC prefix (a slice that owns the reference). */
  private static ByteBuf withoutPrefix(ByteBuf framed) {
    return framed.skipBytes(5);
  }
}
