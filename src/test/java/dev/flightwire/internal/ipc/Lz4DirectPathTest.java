package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The direct-memory LZ4 path: {@link Lz4FrameEncoder}'s frames read back by two independent
 * readers (lz4-java's and commons-compress's frame streams) and by both of ours; lz4-java's own
 * independent-block frames (with block and content checksums) read by {@link Lz4DirectDecoder};
 * linked-block frames left to the heap decoder; damaged frames refused with
 * {@link IllegalArgumentException} and nothing else; and the codec round trip through an Arrow
 * allocator that ends with nothing allocated.
 */
class Lz4DirectPathTest {
  /** Around the 4 MiB block: none, one, exactly one, one and a bit, several. */
  private static final int[] SIZES = {1, 17, 65_536, 4 << 20, (4 << 20) + 1, 9_000_000};

  /** Compressible int64 values as the benchmarks send them, or random bytes (stored blocks). */
  private static byte[] data(int size, boolean compressible, long seed) {
    byte[] b = new byte[size];
    if (compressible) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i + 8 <= size; i += 8) {
        bb.putLong(i, (i / 8) * 4L + seed);
      }
    } else {
      new Random(seed).nextBytes(b);
    }
    return b;
  }

  private static byte[] encode(byte[] data) {
    ByteBuffer src = ByteBuffer.allocateDirect(Math.max(1, data.length));
    src.put(0, data);
    ByteBuffer dst = ByteBuffer.allocateDirect((int) Lz4FrameEncoder.maxFrameLength(data.length) + 3);
    int n = Lz4FrameEncoder.encode(src, data.length, dst, 3);
    byte[] frame = new byte[n];
    dst.get(3, frame);
    return frame;
  }

  /** Decodes with the direct decoder; null when it leaves the frame to the heap decoder. */
  private static byte[] decodeDirect(byte[] frame, int expected) {
    ByteBuffer in = ByteBuffer.allocateDirect(Math.max(1, frame.length));
    in.put(0, frame);
    ByteBuffer out = ByteBuffer.allocateDirect(Math.max(1, expected));
    if (!Lz4DirectDecoder.decode(in, frame.length, out, expected)) {
      return null;
    }
    byte[] b = new byte[expected];
    out.get(0, b);
    return b;
  }

  @Test
  void itsFramesReadBackEverywhere() throws Exception {
    for (int size : SIZES) {
      for (boolean compressible : new boolean[] {true, false}) {
        byte[] data = data(size, compressible, size);
        byte[] frame = encode(data);
        String what = size + (compressible ? " compressible" : " random") + " bytes";
        if (compressible && size > 1000) {
          assertTrue(frame.length < data.length, what + " did not shrink: " + frame.length);
        }
        assertTrue(frame.length <= Lz4FrameEncoder.maxFrameLength(size), what);
        assertArrayEquals(data, decodeDirect(frame, size), what + ", direct decoder");
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        Lz4FrameDecoder.decode(frame, frame.length, size, heap::write);
        assertArrayEquals(data, heap.toByteArray(), what + ", heap decoder");
        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
          assertArrayEquals(data, in.readAllBytes(), what + ", lz4-java's reader");
        }
        try (FramedLZ4CompressorInputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
          assertArrayEquals(data, in.readAllBytes(), what + ", commons-compress's reader");
        }
      }
    }
  }

  @Test
  void readsLz4JavasIndependentFramesAndLeavesLinkedOnes() throws Exception {
    byte[] data = data(3_000_000, true, 5);
    for (LZ4FrameOutputStream.BLOCKSIZE block : new LZ4FrameOutputStream.BLOCKSIZE[] {
        LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, block,
          LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
          LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
        out.write(data);
      }
      assertArrayEquals(data, decodeDirect(bytes.toByteArray(), data.length), block.toString());
    }
    ByteArrayOutputStream linked = new ByteArrayOutputStream();
    try (FramedLZ4CompressorOutputStream out = new FramedLZ4CompressorOutputStream(linked,
        new FramedLZ4CompressorOutputStream.Parameters(FramedLZ4CompressorOutputStream.BlockSize.K64, true, false, true))) {
      out.write(data, 0, 200_000);
    }
    assertEquals(null, decodeDirect(linked.toByteArray(), 200_000), "linked blocks are the heap decoder's");
  }

  @Test
  void damagedFramesFailCleanly() {
    Random r = new Random(7);
    for (boolean compressible : new boolean[] {true, false}) {
      byte[] data = data(300_000, compressible, 3);
      byte[] frame = encode(data);
      for (int trial = 0; trial < 300; trial++) {
        byte[] bad = frame.clone();
        int at = r.nextInt(bad.length);
        bad[at] ^= (byte) (1 + r.nextInt(255));
        byte[] cut = Arrays.copyOf(bad, r.nextBoolean() ? bad.length : r.nextInt(bad.length));
        try {
          decodeDirect(cut, data.length);
        } catch (IllegalArgumentException expected) {
          // refused, as it must be
        }
        // anything else (an LZ4Exception, an index out of bounds) fails the test by escaping
      }
      assertThrows(IllegalArgumentException.class, () -> decodeDirect(frame, data.length - 1));
      assertThrows(IllegalArgumentException.class, () -> decodeDirect(frame, data.length + 1));
    }
  }

  @Test
  void codecRoundTripsThroughArrowBuffers() {
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int size : new int[] {8, 65_536, 2 << 20, 9_000_000}) {
        for (boolean compressible : new boolean[] {true, false}) {
          byte[] data = data(size, compressible, 11);
          ArrowBuf in = allocator.buffer(size);
          in.setBytes(0, data);
          in.writerIndex(size);
          // compress() takes ownership of `in`; decompress() of the compressed buffer
          ArrowBuf compressed = Lz4FrameCodec.INSTANCE.compress(allocator, in);
          // no more memory than the data and a little (rounded up to a power of two by the allocator)
          assertTrue(compressed.capacity() < 2L * (size + 64), size + " bytes took a buffer of " + compressed.capacity());
          try (ArrowBuf out = Lz4FrameCodec.INSTANCE.decompress(allocator, compressed)) {
            byte[] back = new byte[size];
            out.getBytes(0, back);
            assertArrayEquals(data, back, size + " bytes");
          }
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void reservedHeaderBitsAreRefused() {
    byte[] data = data(1000, true, 1);
    for (int[] bit : new int[][] {{4, 0x02}, {5, 0x80}, {5, 0x01}}) {
      byte[] frame = encode(data);
      frame[bit[0]] |= (byte) bit[1];
      // the header checksum is made right again, so only the reserved bit is wrong
      frame[14] = (byte) (Lz4FrameHeader.XXHASH.hash32().hash(frame, 4, 10, 0) >>> 8);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decodeDirect(frame, 1000));
      assertEquals("LZ4 frame header sets reserved bits", e.getMessage());
    }
  }

  @Test
  void notAFrameIsLeftToTheOtherReaders() {
    assertFalse(Lz4DirectDecoder.decode(ByteBuffer.allocateDirect(16), 16, ByteBuffer.allocateDirect(4), 4));
  }
}
