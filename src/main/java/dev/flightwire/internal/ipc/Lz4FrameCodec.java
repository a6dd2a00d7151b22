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
 * commons-compress (any frame). The base class adds and reads the 8-byte
 * uncompressed length Arrow puts before each compressed buffer.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
  static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();

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

  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    long length = readUncompressedLength(compressed);
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("invalid uncompressed length " + length + " in an LZ4 body");
    }
    byte[] frame = new byte[(int) (compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH)];
    compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, frame);
    byte[] plain = new byte[(int) length];
    // commons-compress reads every LZ4 frame (lz4-java refuses linked blocks, which Arrow C++ writes)
    try (FramedLZ4CompressorInputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
      int read = 0;
      while (read < plain.length) {
        int n = in.read(plain, read, plain.length - read);
        if (n < 0) {
          throw new IllegalArgumentException("LZ4 body ended after " + read + " of " + length + " bytes");
        }
        read += n;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid LZ4 frame: " + e.getMessage(), e);
    }
    ArrowBuf out = allocator.buffer(length);
    out.setBytes(0, plain);
    out.writerIndex(length);
    return out;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }
}
