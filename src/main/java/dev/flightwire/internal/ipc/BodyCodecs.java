package dev.flightwire.internal.ipc;

import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * The body codecs: none, LZ4_FRAME (lz4-java, see {@link Lz4FrameCodec}) and ZSTD (Arrow's, over
 * zstd-jni), at level {@value #ZSTD_LEVEL} unless a level is given: the level Arrow C++ and
 * pyarrow write with by default (Arrow Java's codec alone would use zstd's own default, 3, which
 * compresses the benchmark's int64 columns a little smaller at a third of the speed).
 */
public final class BodyCodecs implements CompressionCodec.Factory {
  public static final BodyCodecs INSTANCE = new BodyCodecs();
  static final int ZSTD_LEVEL = 1;

  private BodyCodecs() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type) {
    switch (type) {
      case LZ4_FRAME:
        return Lz4FrameCodec.INSTANCE;
      case ZSTD:
        return new ZstdCompressionCodec(ZSTD_LEVEL);
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
