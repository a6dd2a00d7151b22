package dev.flightwire;

/**
 * Compression of the record-batch bodies a writer sends (Arrow IPC buffer compression), set with
 * {@link FlightClientOptions.Builder#writeCompression} and
 * {@link FlightServer.Builder#writeCompression}. Readers decompress LZ4_FRAME and ZSTD bodies
 * whatever this says. Compressing costs CPU and gives up zero-copy sending (each batch is written
 * into new, compressed buffers); it pays off on slow networks.
 */
public enum IpcCompression {
  /** Bodies are sent as they are in memory (zero-copy). The default. */
  NONE,
  /** Each body buffer compressed in the LZ4 frame format: fast, moderate ratio. */
  LZ4_FRAME,
  /** Each body buffer compressed with Zstandard (level 1, as Arrow C++ writes by default): slower, smaller. */
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
