package dev.flightwire.internal.ipc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow's LZ4_FRAME body compression: written by {@link Lz4FrameEncoder} (independent blocks,
 * direct memory to direct memory), read by {@link Lz4DirectDecoder} when the blocks are independent
 * (straight into the batch's buffer), else by {@link Lz4FrameDecoder} (linked blocks, the frames
 * Arrow C++ writes), or by commons-compress for the rare frame neither takes (one with a
 * dictionary id). The base class adds and reads the 8-byte uncompressed length Arrow puts before each
 * compressed buffer.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
  static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();
  /** LZ4 writes a run of 255 more bytes with one more length byte: it never expands further. */
  private static final long MAX_EXPANSION = 255;

  /** Compresses with {@link Lz4FrameEncoder}, from the Arrow buffer into the returned one (no heap copy). */
  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    long length = uncompressed.writerIndex();
    long max = Lz4FrameEncoder.maxFrameLength(length);
    if (CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + max > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a buffer of " + length + " bytes is too large to compress");
    }
    int capacity = (int) (CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + max);
    ArrowBuf out = allocator.buffer(capacity);
    try {
      int frame = Lz4FrameEncoder.encode(uncompressed.nioBuffer(0, (int) length), (int) length,
          out.nioBuffer(0, capacity), (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
      out.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + frame);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * The uncompressed length comes from the peer: it is checked against what LZ4 can expand to
   * (at most 255 bytes per input byte) and taken from the caller's allocator, never as a heap
   * array of the claimed size, before any byte is decompressed into it.
   */
  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    long length = readUncompressedLength(compressed);
    long frameLength = compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
    if (length < 0 || length > Integer.MAX_VALUE - 8 || length > frameLength * MAX_EXPANSION + 64) {
      throw new IllegalArgumentException("invalid uncompressed length " + length + " for an LZ4 frame of "
          + frameLength + " bytes");
    }
    ArrowBuf out = allocator.buffer(length);
    boolean ok = false;
    try {
      if (length == 0 || !Lz4DirectDecoder.decode(
          compressed.nioBuffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, (int) frameLength), (int) frameLength,
          out.nioBuffer(0, (int) length), (int) length)) {
        // linked blocks: decoded on the heap, the last 64 KiB of output kept for the next block
        byte[] frame = new byte[(int) frameLength];
        compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, frame);
        try {
          long[] at = {0};
          Lz4FrameDecoder.decode(frame, frame.length, length, (bytes, offset, n) -> {
            out.setBytes(at[0], bytes, offset, n);
            at[0] += n;
          });
        } catch (Lz4FrameDecoder.Unsupported e) {
          readGenerally(frame, length, out);
        }
      }
      out.writerIndex(length);
      ok = true;
      return out;
    } finally {
      if (!ok) {
        out.close();
      }
    }
  }

  /** Reads any LZ4 frame into {@code out} (borrowed), slowly (commons-compress). */
  private static void readGenerally(byte[] frame, long length, ArrowBuf out) {
    try (FramedLZ4CompressorInputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
      byte[] chunk = new byte[(int) Math.min(length, 64 * 1024)];
      long read = 0;
      while (read < length) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, length - read));
        if (n < 0) {
          throw new IllegalArgumentException("LZ4 body ended after " + read + " of " + length + " bytes");
        }
        out.setBytes(read, chunk, 0, n);
        read += n;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid LZ4 frame: " + e.getMessage(), e);
    }
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }
}
