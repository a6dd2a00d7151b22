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
  private static final XXHashFactory XXHASH = Lz4FrameHeader.XXHASH;

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
    Lz4FrameHeader header = Lz4FrameHeader.parse(in, inLength, expected);
    if (header == null || !header.independent()) {
      return false; // no frame magic, a dictionary id, or linked blocks
    }
    ByteBuffer le = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    boolean blockChecksum = header.blockChecksum();
    int maxBlock = header.maxBlock();
    int pos = header.length();
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
      int size = header.blockSize(word, pos, inLength);
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
    int end = pos;
    int decoded = written;
    header.checkEnd(end, inLength, decoded, expected, () -> XXHASH.hash32().hash(out, 0, decoded, 0), le::getInt);
    return true;
  }
}
