package dev.flightwire.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes an LZ4 frame of independent blocks (what flightwire and lz4-java write) from direct
 * memory straight into the buffer the batch will use, block by block with lz4-java's bounds-checked
 * decompressor (native where the platform has it): nothing goes through the heap. A frame with
 * linked blocks (what Arrow C++ writes), a dictionary id or no frame magic is left to
 * {@link Lz4FrameDecoder}: {@link #decode} answers false before writing anything. Block and
 * content checksums are verified when the frame has them. Holds no state.
 *
 * <p>Malformed input throws {@link IllegalArgumentException}; nothing is read or written outside
 * the two buffers.
 */
final class Lz4DirectDecoder {
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
  private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();

  private Lz4DirectDecoder() {}

  /**
   * Decodes the frame in {@code in[0, inLength)} into {@code out[0, expected)}; borrows both
   * (direct buffers; positions and limits are not used or changed).
   *
   * @return false, having written nothing, when the frame is not one of independent blocks
   * @throws IllegalArgumentException when the frame is malformed, fails a checksum, or does not
   *     decode to exactly {@code expected} bytes ({@code out} may have had part of it)
   */
  static boolean decode(ByteBuffer in, int inLength, ByteBuffer out, int expected) {
    ByteBuffer le = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (inLength < 7 || le.getInt(0) != Lz4FrameEncoder.MAGIC) {
      return false;
    }
    int flg = le.get(4) & 0xff;
    if ((flg >>> 6) != 1 || (flg & 0x20) == 0 || (flg & 0x01) != 0) {
      return false; // another version (refused there), linked blocks, or a dictionary id
    }
    boolean blockChecksum = (flg & 0x10) != 0;
    boolean contentSize = (flg & 0x08) != 0;
    boolean contentChecksum = (flg & 0x04) != 0;
    int maxBlockCode = (le.get(5) >>> 4) & 0x07;
    if (maxBlockCode < 4) {
      throw new IllegalArgumentException("LZ4 frame block size code " + maxBlockCode + " is not 4 to 7");
    }
    int maxBlock = 1 << (8 + 2 * maxBlockCode);
    int pos = 6 + (contentSize ? 8 : 0);
    if (pos + 1 > inLength) {
      throw new IllegalArgumentException("LZ4 frame header is cut short");
    }
    if ((le.get(pos) & 0xff) != ((XXHASH.hash32().hash(le, 4, pos - 4, 0) >>> 8) & 0xff)) {
      throw new IllegalArgumentException("LZ4 frame header checksum does not match");
    }
    pos++;
    if (contentSize && le.getLong(6) != expected) {
      throw new IllegalArgumentException("LZ4 frame content size " + le.getLong(6) + " differs from the announced "
          + expected + " bytes");
    }
    int written = 0;
    while (true) {
      if (pos + 4 > inLength) {
        throw new IllegalArgumentException("LZ4 frame ends without its end mark");
      }
      int word = le.getInt(pos);
      pos += 4;
      if (word == 0) {
        break;
      }
      boolean stored = word < 0;
      int size = word & 0x7fffffff;
      if (size > maxBlock || size > inLength - pos - (blockChecksum ? 4 : 0)) {
        throw new IllegalArgumentException("LZ4 block of " + size + " bytes is larger than the frame's blocks or runs"
            + " past the frame");
      }
      if (blockChecksum && XXHASH.hash32().hash(le, pos, size, 0) != le.getInt(pos + size)) {
        throw new IllegalArgumentException("LZ4 block checksum does not match");
      }
      int room = Math.min(maxBlock, expected - written);
      int n;
      if (stored) {
        if (size > room) {
          throw new IllegalArgumentException("LZ4 frame holds more than the announced " + expected + " bytes");
        }
        out.put(written, in, pos, size);
        n = size;
      } else {
        try {
          n = DECOMPRESSOR.decompress(in, pos, size, out, written, room);
        } catch (LZ4Exception e) {
          throw new IllegalArgumentException("invalid LZ4 block (or more than the announced " + expected
              + " bytes): " + e.getMessage(), e);
        }
      }
      written += n;
      pos += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) {
      if (pos + 4 > inLength) {
        throw new IllegalArgumentException("LZ4 content checksum is missing");
      }
      if (XXHASH.hash32().hash(out, 0, written, 0) != le.getInt(pos)) {
        throw new IllegalArgumentException("LZ4 content checksum does not match");
      }
      pos += 4;
    }
    if (written != expected) {
      throw new IllegalArgumentException("LZ4 frame decoded to " + written + " bytes, not the announced " + expected);
    }
    if (pos != inLength) {
      throw new IllegalArgumentException("data after the LZ4 frame: " + (inLength - pos) + " bytes");
    }
    return true;
  }
}
