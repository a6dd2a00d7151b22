package dev.flightwire.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The header of an LZ4 frame (frame format version 01) and the checks both frame decoders make:
 * parsed once from the frame's first bytes, then {@link #blockSize} for each block's size word.
 *
 * @param independent the blocks do not refer to one another
 * @param blockChecksum each block is followed by its xxh32
 * @param contentChecksum the end mark is followed by the xxh32 of the whole content
 * @param maxBlock the largest block the frame may hold
 * @param length the header's length in bytes (where the first block starts)
 */
record Lz4FrameHeader(boolean independent, boolean blockChecksum, boolean contentChecksum, int maxBlock, int length) {
  static final int MAGIC = 0x184D2204;
  static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();

  /**
   * Parses the header of the frame in {@code in[0, inLength)} (borrowed; position and limit unused)
   * that must decode to {@code expected} bytes.
   *
   * @return null when the frame is not a plain one (no frame magic, or a dictionary id)
   * @throws IllegalArgumentException when the header is malformed or announces another size
   */
  static Lz4FrameHeader parse(ByteBuffer in, int inLength, long expected) {
    ByteBuffer le = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (inLength < 7 || le.getInt(0) != MAGIC) {
      return null;
    }
    int flg = le.get(4) & 0xff;
    if ((flg >>> 6) != 1) {
      throw new IllegalArgumentException("LZ4 frame version " + (flg >>> 6) + " is not 1");
    }
    int bd = le.get(5) & 0xff;
    if ((flg & 0x02) != 0 || (bd & 0x8f) != 0) {
      throw new IllegalArgumentException("LZ4 frame header sets reserved bits");
    }
    if ((flg & 0x01) != 0) {
      return null; // a dictionary id
    }
    boolean contentSize = (flg & 0x08) != 0;
    int maxBlockCode = (bd >>> 4) & 0x07;
    if (maxBlockCode < 4) {
      throw new IllegalArgumentException("LZ4 frame block size code " + maxBlockCode + " is not 4 to 7");
    }
    int pos = 6 + (contentSize ? 8 : 0);
    if (pos + 1 > inLength) {
      throw new IllegalArgumentException("LZ4 frame header is cut short");
    }
    if ((le.get(pos) & 0xff) != ((XXHASH.hash32().hash(le, 4, pos - 4, 0) >>> 8) & 0xff)) {
      throw new IllegalArgumentException("LZ4 frame header checksum does not match");
    }
    if (contentSize && le.getLong(6) != expected) {
      throw new IllegalArgumentException("LZ4 frame content size " + le.getLong(6) + " differs from the announced "
          + expected + " bytes");
    }
    return new Lz4FrameHeader((flg & 0x20) != 0, (flg & 0x10) != 0, (flg & 0x04) != 0,
        1 << (8 + 2 * maxBlockCode), pos + 1);
  }

  /**
   * The size of the block whose size word {@code word} was read just before {@code pos}, checked
   * against the frame: no larger than its blocks, and within {@code inLength} with its checksum.
   * The word's high bit (a stored block) is left to the caller.
   */
  int blockSize(int word, int pos, int inLength) {
    int size = word & 0x7fffffff;
    if (size > maxBlock || size > inLength - pos - (blockChecksum ? 4 : 0)) {
      throw new IllegalArgumentException("LZ4 block of " + size + " bytes is larger than the frame's blocks or runs"
          + " past the frame");
    }
    return size;
  }

  /**
   * After the end mark at {@code pos} (just past it): checks the content checksum when the frame
   * has one ({@code checksum} computes it, {@code stored} reads the one at an index), that
   * {@code written} is the announced size, and that nothing follows the frame.
   */
  void checkEnd(int pos, int inLength, long written, long expected, java.util.function.IntSupplier checksum,
      java.util.function.IntUnaryOperator stored) {
    if (contentChecksum) {
      if (pos + 4 > inLength) {
        throw new IllegalArgumentException("LZ4 content checksum is missing");
      }
      if (checksum.getAsInt() != stored.applyAsInt(pos)) {
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
  }
}
