package dev.flightwire.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Writes one LZ4 frame (frame format version 01) from direct memory to direct memory: independent
 * blocks of up to 4 MiB, each compressed by lz4-java's fastest compressor (native where the
 * platform has it) straight from the source into the destination, or stored as is when it does
 * not shrink; the content size in the header, no checksums (the frame format makes them optional;
 * the transport has its own). Nothing is copied through the heap. Holds no state.
 */
final class Lz4FrameEncoder {
  /** FLG: version 01, independent blocks, content size present. */
  private static final int FLG = 0x40 | 0x20 | 0x08;
  /** BD: block maximum size code 7 (4 MiB). */
  private static final int BD = 7 << 4;
  static final int BLOCK = 4 << 20;
  /** Magic, FLG, BD, content size, header checksum. */
  private static final int HEADER = 4 + 1 + 1 + 8 + 1;
  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
  private static final XXHashFactory XXHASH = Lz4FrameHeader.XXHASH;

  private Lz4FrameEncoder() {}

  /**
   * The most bytes the frame of {@code length} input bytes can take: the input itself plus the
   * header, a size word per block and the end mark (a block that would not shrink is stored as
   * it is, so no block takes more than its own size).
   */
  static long maxFrameLength(long length) {
    long blocks = (length + BLOCK - 1) / BLOCK;
    return HEADER + 4L * blocks + length + 4;
  }

  /**
   * Writes the frame of {@code src[0, length)} into {@code dst} from {@code at}; borrows both
   * (direct buffers; their positions and limits are not used or changed).
   *
   * @return the frame's length in bytes
   * @throws IllegalArgumentException when {@code dst} has less than {@link #maxFrameLength} bytes from {@code at}
   */
  static int encode(ByteBuffer src, int length, ByteBuffer dst, int at) {
    if (dst.capacity() - (long) at < maxFrameLength(length)) {
      throw new IllegalArgumentException("LZ4 frame of " + length + " bytes needs up to " + maxFrameLength(length)
          + " bytes, not " + (dst.capacity() - at));
    }
    ByteBuffer out = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(at, Lz4FrameHeader.MAGIC);
    out.put(at + 4, (byte) FLG);
    out.put(at + 5, (byte) BD);
    out.putLong(at + 6, length);
    int checksum = XXHASH.hash32().hash(out, at + 4, 10, 0);
    out.put(at + 14, (byte) (checksum >>> 8));
    int pos = at + HEADER;
    for (int from = 0; from < length; from += BLOCK) {
      int n = Math.min(BLOCK, length - from);
      int packed;
      try {
        packed = COMPRESSOR.compress(src, from, n, dst, pos + 4, n);
      } catch (LZ4Exception e) {
        packed = -1; // would not fit in n bytes
      }
      if (packed > 0 && packed < n) {
        out.putInt(pos, packed);
        pos += 4 + packed;
      } else {
        // does not shrink: stored as is (the high bit of the block size says so)
        out.putInt(pos, n | 0x80000000);
        out.put(pos + 4, src, from, n);
        pos += 4 + n;
      }
    }
    out.putInt(pos, 0);
    return pos + 4 - at;
  }
}
