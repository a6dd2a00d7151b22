package dev.flightwire.internal.ipc;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Decompresses the buffers of a received record batch before it is loaded, so that a failure
 * part-way releases everything (Arrow's VectorLoader keeps extra references when decompression
 * fails in the middle of a batch).
 *
 * <p>The uncompressed length in each buffer's 8-byte prefix is the sender's claim. Before any
 * buffer is allocated, every claim, and their sum, is checked against a limit (the receiver's
 * largest accepted message: compression must not let a peer make the receiver hold more than it
 * would accept uncompressed); a batch over it is refused with RESOURCE_EXHAUSTED naming the buffer.
 */
final class BodyDecompressor {
  private BodyDecompressor() {}

  /**
   * A batch of the decompressed buffers of {@code wire} (borrowed), allocated from
   * {@code allocator}, returned owned; null when {@code wire} is not compressed.
   *
   * @param maxBytes the most bytes the batch's buffers may claim to decompress to, together
   * @param fields the fields the buffers belong to, in order (to name a refused buffer)
   * @throws GrpcStatusException RESOURCE_EXHAUSTED when the claimed lengths exceed {@code maxBytes},
   *     INVALID_ARGUMENT when one is negative; nothing is allocated then
   */
  static ArrowRecordBatch decompress(ArrowRecordBatch wire, BufferAllocator allocator, long maxBytes,
      List<Field> fields) {
    byte codecId = wire.getBodyCompression().getCodec();
    if (codecId == NoCompressionCodec.COMPRESSION_TYPE) {
      return null;
    }
    checkClaims(wire, maxBytes, fields);
    CompressionCodec codec = BodyCodecs.INSTANCE.createCodec(CompressionUtil.CodecType.fromCompressionType(codecId));
    List<ArrowBuf> out = new ArrayList<>();
    try {
      for (ArrowBuf b : wire.getBuffers()) {
        b.getReferenceManager().retain();
        if (b.writerIndex() == 0) {
          out.add(b);
          continue;
        }
        if (b.writerIndex() < CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH) {
          b.close();
          throw new IllegalArgumentException("a compressed buffer of " + b.writerIndex()
              + " bytes is shorter than its 8-byte length prefix");
        }
        if (b.getLong(0) == CompressionUtil.NO_COMPRESSION_LENGTH) {
          out.add(b.slice(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH,
              b.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH));
          continue;
        }
        ArrowBuf plain;
        try {
          plain = codec.decompress(allocator, b); // releases b's reference taken above
        } catch (RuntimeException e) {
          b.close();
          throw e;
        }
        out.add(plain);
      }
      return new ArrowRecordBatch(wire.getLength(), wire.getNodes(), out, NoCompressionCodec.DEFAULT_BODY_COMPRESSION,
          wire.getVariadicBufferCounts(), true, true);
    } finally {
      for (ArrowBuf b : out) {
        b.close();
      }
    }
  }

  /** Checks every claimed uncompressed length before anything is allocated. */
  private static void checkClaims(ArrowRecordBatch wire, long maxBytes, List<Field> fields) {
    List<ArrowBuf> buffers = wire.getBuffers();
    long total = 0;
    for (int i = 0; i < buffers.size(); i++) {
      ArrowBuf b = buffers.get(i);
      if (b.writerIndex() < CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH) {
        continue; // empty, or too short: refused while decompressing
      }
      long claim = b.getLong(0);
      if (claim == CompressionUtil.NO_COMPRESSION_LENGTH) {
        continue;
      }
      if (claim < 0) {
        throw GrpcStatusException.of(GrpcStatusCode.INVALID_ARGUMENT, describe(wire, fields, i)
            + " claims a negative uncompressed length (" + claim + ")");
      }
      total += claim;
      if (claim > maxBytes || total > maxBytes) {
        throw GrpcStatusException.of(GrpcStatusCode.RESOURCE_EXHAUSTED, describe(wire, fields, i)
            + " claims " + claim + " uncompressed bytes" + (claim == total ? "" : " (" + total + " for the batch so far)")
            + ", over the limit of " + maxBytes + " bytes (the largest message accepted)");
      }
    }
  }

  /** "buffer 3 (column 'a.b', its buffer 1)": where buffer {@code index} of the body belongs. */
  static String describe(ArrowRecordBatch wire, List<Field> fields, int index) {
    String where = where(fields, "", index, new int[] {0}, wire.getVariadicBufferCounts(), new int[] {0});
    return "compressed buffer " + index + (where == null ? "" : " (" + where + ")");
  }

  private static String where(List<Field> fields, String prefix, int index, int[] next, List<Long> variadic,
      int[] viewNo) {
    for (Field f : fields) {
      String name = prefix + f.getName();
      int count = TypeLayout.getTypeBufferCount(f.getType());
      ArrowType.ArrowTypeID id = f.getType().getTypeID();
      if (id == ArrowType.ArrowTypeID.Utf8View || id == ArrowType.ArrowTypeID.BinaryView) {
        int v = viewNo[0]++;
        if (variadic != null && v < variadic.size()) {
          count += (int) Math.min(Integer.MAX_VALUE - count, variadic.get(v));
        }
      }
      if (index < next[0] + count) {
        return "column '" + name + "', its buffer " + (index - next[0]);
      }
      next[0] += count;
      String inChild = where(f.getChildren(), name + ".", index, next, variadic, viewNo);
      if (inChild != null) {
        return inChild;
      }
    }
    return null;
  }
}
