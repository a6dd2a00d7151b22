package dev.flightwire;

/**
 * Compression of record-batch bodies that a writer applies ({@code writeCompression} on the client
 * and server builders). Compressed bodies are always readable, whatever this says. Compressing
 * costs CPU and one copy per batch (the compressed buffers); it pays off on slow networks.
 */
public enum IpcCompression {
  /** Bodies are sent as they are in memory (zero-copy). The default. */
  NONE,
  /** LZ4 frame format, fast. */
  LZ4_FRAME,
  /** Zstandard, smaller. */
  ZSTD;

  org.apache.arrow.vector.compression.CompressionUtil.CodecType codecType() {
    switch (this) {
      case LZ4_FRAME:
        return org.apache.arrow.vector.compression.CompressionUtil.CodecType.LZ4_FRAME;
      case ZSTD:
        return org.apache.arrow.vector.compression.CompressionUtil.CodecType.ZSTD;
      default:
        return org.apache.arrow.vector.compression.CompressionUtil.CodecType.NO_COMPRESSION;
    }
  }
}
