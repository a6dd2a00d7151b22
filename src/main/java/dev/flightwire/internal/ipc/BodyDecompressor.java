package dev.flightwire.internal.ipc;

import java.util.ArrayList;
import java.util.List;
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
 */
final class BodyDecompressor {
  private BodyDecompressor() {}

  /**
   * A batch of the decompressed buffers of {@code wire} (borrowed), allocated from
   * {@code allocator}, returned owned; null when {@code wire} is not compressed.
   */
  static ArrowRecordBatch decompress(ArrowRecordBatch wire, BufferAllocator allocator) {
    byte codecId = wire.getBodyCompression().getCodec();
    if (codecId == NoCompressionCodec.COMPRESSION_TYPE) {
      return null;
    }
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
}
