package dev.flightwire.internal.ipc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow's LZ4_FRAME body compression: written by lz4-java (independent blocks), read by
 * {@link Lz4FrameDecoder} (independent and linked blocks, the frames Arrow C++ and Java write),
 * or by commons-compress for the rare frame that decoder leaves to it (one with a dictionary
 * id). The base class adds and reads the 8-byte uncompressed length Arrow puts before each
 * compressed buffer.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
  static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();
  /** LZ4 writes a run of 255 more bytes with one more length byte: it never expands further. */
  private static final long MAX_EXPANSION = 255;

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    byte[] in = new byte[(int) uncompressed.writerIndex()];
    uncompressed.getBytes(0, in);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(in.length / 2 + 64);
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes)) {
      out.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] frame = bytes.toByteArray();
    long size = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + frame.length;
    ArrowBuf out = allocator.buffer(size);
    out.setBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, frame);
    out.writerIndex(size);
    return out;
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
    byte[] frame = new byte[(int) frameLength];
    compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, frame);
    ArrowBuf out = allocator.buffer(length);
    boolean ok = false;
    try {
      long[] at = {0};
      Lz4FrameDecoder.decode(frame, frame.length, length, (bytes, offset, n) -> {
        out.setBytes(at[0], bytes, offset, n);
        at[0] += n;
      });
      out.writerIndex(length);
      ok = true;
      return out;
    } catch (Lz4FrameDecoder.Unsupported e) {
      return decompressGenerally(allocator, frame, length);
    } finally {
      if (!ok) {
        out.close();
      }
    }
  }

  /** Reads any LZ4 frame, slowly (commons-compress). */
  private static ArrowBuf decompressGenerally(BufferAllocator allocator, byte[] frame, long length) {
    ArrowBuf out = allocator.buffer(length);
    boolean ok = false;
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
      out.writerIndex(length);
      ok = true;
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid LZ4 frame: " + e.getMessage(), e);
    } finally {
      if (!ok) {
        out.close();
      }
    }
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }
}
