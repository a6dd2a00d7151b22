package dev.flightwire.internal.ipc;

import java.nio.ByteBuffer;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes one LZ4 frame (the LZ4 frame format, version 01), block by block, into a sink:
 * independent and linked blocks alike (a linked block's matches reach back up to 64 KiB into the
 * blocks before it, which are kept for that). Block and content checksums are verified when the
 * frame has them. The heap it uses is one block and the 64 KiB before it, whatever the frame
 * claims to hold. A frame this decoder does not take (with a dictionary id, or not starting with
 * the frame magic) is answered with {@link Unsupported}, for the general reader to take.
 *
 * <p>Everything read is bounds-checked: malformed input throws {@link IllegalArgumentException},
 * never reads or writes outside the arrays. Holds no state.
 */
final class Lz4FrameDecoder {
  /** How far back a match may reach. */
  private static final int WINDOW = 64 * 1024;
  private static final XXHashFactory XXHASH = Lz4FrameHeader.XXHASH;

  /** The frame uses a feature left to the general reader. */
  static final class Unsupported extends Exception {
    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  /** Receives the decoded bytes in order; borrows the array for the call only. */
  interface Sink {
    void write(byte[] bytes, int offset, int length);
  }

  private Lz4FrameDecoder() {}

  /**
   * Decodes the frame in {@code in[0, inLength)}, which must hold exactly {@code expected} bytes,
   * into {@code sink}.
   *
   * @throws IllegalArgumentException when the frame is malformed, fails a checksum, or does not
   *     decode to exactly {@code expected} bytes (the sink may have had part of it)
   * @throws Unsupported when the frame needs the general reader (before anything is written)
   */
  static void decode(byte[] in, int inLength, long expected, Sink sink) throws Unsupported {
    Lz4FrameHeader header = Lz4FrameHeader.parse(ByteBuffer.wrap(in), inLength, expected);
    if (header == null) {
      throw new Unsupported("not a plain LZ4 frame, or one with a dictionary id");
    }
    boolean blockChecksum = header.blockChecksum();
    boolean contentChecksum = header.contentChecksum();
    int maxBlock = header.maxBlock();
    int pos = header.length();
    net.jpountz.xxhash.StreamingXXHash32 content = contentChecksum ? XXHASH.newStreamingHash32(0) : null;
    // the window of output before the current block, then the block itself
    byte[] scratch = new byte[WINDOW + maxBlock];
    int history = 0;
    long written = 0;
    while (true) {
      if (pos + 4 > inLength) {
        throw new IllegalArgumentException("LZ4 frame ends without its end mark");
      }
      int word = intLE(in, pos);
      pos += 4;
      if (word == 0) {
        break;
      }
      boolean stored = word < 0;
      int size = header.blockSize(word, pos, inLength);
      if (blockChecksum && XXHASH.hash32().hash(in, pos, size, 0) != intLE(in, pos + size)) {
        throw new IllegalArgumentException("LZ4 block checksum does not match");
      }
      int n;
      if (stored) {
        System.arraycopy(in, pos, scratch, WINDOW, size);
        n = size;
      } else {
        n = decodeBlock(in, pos, pos + size, scratch, WINDOW, WINDOW - history) - WINDOW;
      }
      if (n > expected - written) {
        throw new IllegalArgumentException("LZ4 frame holds more than the announced " + expected + " bytes");
      }
      sink.write(scratch, WINDOW, n);
      if (content != null) {
        content.update(scratch, WINDOW, n);
      }
      written += n;
      // keep the last WINDOW bytes of output just before WINDOW, for the next linked block
      int kept = Math.min(WINDOW, history + n);
      System.arraycopy(scratch, WINDOW + n - kept, scratch, WINDOW - kept, kept);
      history = kept;
      pos += size + (blockChecksum ? 4 : 0);
    }
    int end = pos;
    header.checkEnd(end, inLength, written, expected, () -> content.getValue(), at -> intLE(in, at));
  }

  /**
   * Decodes the LZ4 block in {@code in[from, to)} into {@code out} from {@code at} to at most its
   * end; matches may reach back to {@code lowest} (the kept output of earlier linked blocks).
   * Returns the end of the output.
   */
  private static int decodeBlock(byte[] in, int from, int to, byte[] out, int at, int lowest) {
    int ip = from;
    int op = at;
    int outEnd = out.length;
    while (true) {
      if (ip >= to) {
        throw new IllegalArgumentException("LZ4 block ends in a sequence's token");
      }
      int token = in[ip++] & 0xff;
      int literals = token >>> 4;
      if (literals == 15) {
        int b;
        do {
          if (ip >= to) {
            throw new IllegalArgumentException("LZ4 block ends in a literal length");
          }
          b = in[ip++] & 0xff;
          literals += b;
        } while (b == 255 && literals < Integer.MAX_VALUE / 2);
      }
      if (literals > to - ip || literals > outEnd - op) {
        throw new IllegalArgumentException("LZ4 literals run past the block or the announced size");
      }
      System.arraycopy(in, ip, out, op, literals);
      ip += literals;
      op += literals;
      if (ip == to) {
        return op; // the last sequence has literals only
      }
      if (ip + 2 > to) {
        throw new IllegalArgumentException("LZ4 block ends in a match offset");
      }
      int offset = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
      ip += 2;
      if (offset == 0 || offset > op - lowest) {
        throw new IllegalArgumentException("LZ4 match offset " + offset + " points before the output");
      }
      int length = token & 0x0f;
      if (length == 15) {
        int b;
        do {
          if (ip >= to) {
            throw new IllegalArgumentException("LZ4 block ends in a match length");
          }
          b = in[ip++] & 0xff;
          length += b;
        } while (b == 255 && length < Integer.MAX_VALUE / 2);
      }
      length += 4;
      if (length > outEnd - op) {
        throw new IllegalArgumentException("LZ4 match runs past the announced size");
      }
      int src = op - offset;
      if (offset >= length) {
        System.arraycopy(out, src, out, op, length);
        op += length;
      } else {
        // overlapping: the match repeats the last offset bytes; copy in growing runs
        int end = op + length;
        while (op < end) {
          int n = Math.min(op - src, end - op);
          System.arraycopy(out, src, out, op, n);
          op += n;
        }
      }
    }
  }

  private static int intLE(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }
}
