package dev.flightwire.internal.ipc;

import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/** The body codecs: none, LZ4_FRAME (lz4-java) and ZSTD (Arrow's, over zstd-jni). */
public final class BodyCodecs implements CompressionCodec.Factory {
  public static final BodyCodecs INSTANCE = new BodyCodecs();

  private BodyCodecs() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type) {
    switch (type) {
      case LZ4_FRAME:
        return Lz4FrameCodec.INSTANCE;
      case ZSTD:
        return new ZstdCompressionCodec();
      case NO_COMPRESSION:
        return NoCompressionCodec.INSTANCE;
      default:
        throw new IllegalArgumentException("unsupported body compression " + type);
    }
  }

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
    return type == CompressionUtil.CodecType.ZSTD ? new ZstdCompressionCodec(level) : createCodec(type);
  }
}
