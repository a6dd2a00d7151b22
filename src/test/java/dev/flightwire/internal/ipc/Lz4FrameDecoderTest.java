package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The LZ4 frame decoder against frames written by two independent encoders: lz4-java (independent
 * blocks, as flightwire writes) and commons-compress with linked blocks (as Arrow C++ writes), with
 * and without checksums, across block sizes; and against damaged frames, which must fail with
 * {@link IllegalArgumentException} and nothing else.
 */
class Lz4FrameDecoderTest {
  private static final int[] SIZES = {0, 1, 17, 4096, 66_000, 300_000, 5_000_000};

  /** Compressible bytes: runs, repeats near and far, and some noise. */
  private static byte[] data(int size, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    int i = 0;
    while (i < size) {
      int kind = r.nextInt(4);
      int n = Math.min(size - i, 1 + r.nextInt(300));
      if (kind == 0 || i < 70_000) {
        for (int k = 0; k < n; k++) {
          b[i + k] = (byte) (r.nextInt(8) + 'a');
        }
      } else if (kind == 1) {
        Arrays.fill(b, i, i + n, (byte) r.nextInt());
      } else {
        int back = 1 + r.nextInt(Math.min(i, kind == 2 ? 16 : 65_535));
        for (int k = 0; k < n; k++) {
          b[i + k] = b[i + k - back];
        }
      }
      i += n;
    }
    return b;
  }

  private interface Encoder {
    OutputStream open(OutputStream sink, long size) throws IOException;
  }

  private static byte[] encode(byte[] data, Encoder encoder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = encoder.open(bytes, data.length)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static byte[] decode(byte[] frame, long expected) throws Lz4FrameDecoder.Unsupported {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Lz4FrameDecoder.decode(frame, frame.length, expected, out::write);
    return out.toByteArray();
  }

  private static final Encoder[] ENCODERS = {
      // lz4-java: independent blocks, as flightwire writes
      (out, size) -> new LZ4FrameOutputStream(out),
      (out, size) -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
          LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
          LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM),
      (out, size) -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB, Math.max(1, size),
          LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE),
      // commons-compress, linked blocks (as Arrow C++ writes by default)
      (out, size) -> new FramedLZ4CompressorOutputStream(out, new FramedLZ4CompressorOutputStream.Parameters(
          FramedLZ4CompressorOutputStream.BlockSize.K64, true, false, true)),
      // (its linked blocks of more than 64 KiB do not even decode with its own reader; Arrow C++ links 64 KiB blocks)
      (out, size) -> new FramedLZ4CompressorOutputStream(out, new FramedLZ4CompressorOutputStream.Parameters(
          FramedLZ4CompressorOutputStream.BlockSize.K64, false, true, true)),
      (out, size) -> new FramedLZ4CompressorOutputStream(out, new FramedLZ4CompressorOutputStream.Parameters(
          FramedLZ4CompressorOutputStream.BlockSize.M4, true, true, false)),
  };

  @Test
  void decodesWhatBothEncodersWrite() throws Exception {
    for (int e = 0; e < ENCODERS.length; e++) {
      for (int size : SIZES) {
        if ((e == 2 && size == 0) || (e >= 3 && size > 66_000)) {
          continue; // a content size of 0 cannot be announced; commons-compress encodes slowly (two blocks suffice)
        }
        byte[] data = data(size, size * 31L + e);
        byte[] frame = encode(data, ENCODERS[e]);
        assertArrayEquals(data, decode(frame, size), "encoder " + e + ", " + size + " bytes");
      }
    }
  }

  @Test
  void aWrongAnnouncedSizeIsRefused() throws Exception {
    byte[] data = data(70_000, 7);
    byte[] frame = encode(data, ENCODERS[3]);
    assertThrows(IllegalArgumentException.class, () -> decode(frame, 69_999));
    assertThrows(IllegalArgumentException.class, () -> decode(frame, 70_001));
  }

  @Test
  void damagedFramesFailCleanly() throws Exception {
    Random r = new Random(42);
    for (int e = 0; e < ENCODERS.length; e++) {
      byte[] data = data(e >= 3 ? 20_000 : 70_000, e);
      byte[] frame = encode(data, ENCODERS[e]);
      for (int trial = 0; trial < 200; trial++) {
        byte[] bad = frame.clone();
        int at = r.nextInt(bad.length);
        bad[at] ^= (byte) (1 + r.nextInt(255));
        byte[] cut = Arrays.copyOf(bad, r.nextBoolean() ? bad.length : r.nextInt(bad.length));
        try {
          decode(cut, data.length);
        } catch (IllegalArgumentException | Lz4FrameDecoder.Unsupported expected) {
          // refused, as it must be (or left to the general reader: a different magic)
        }
        // anything else (an index out of bounds, a negative size) fails the test by escaping
      }
    }
  }
}
