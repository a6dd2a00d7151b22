package dev.flightwire.bench;

import dev.flightwire.internal.ipc.BodyCodecs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LZ4_FRAME bodies, 4 MiB of int64 values as an Arrow buffer: reading one with flightwire's codec
 * (the path of every received compressed buffer) against commons-compress's reader (the general
 * reader, and what the codec used before), for frames of linked 64 KiB blocks (what Arrow C++,
 * so pyarrow, writes) and of independent blocks (what flightwire writes); and writing one. Bytes
 * per second are {@code 4 MiB / score}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class Lz4Benchmark {
  private static final int BYTES = 4 << 20;

  /** linked: 64 KiB linked blocks (Arrow C++); independent: 4 MiB independent blocks (lz4-java, flightwire). */
  @Param({"linked", "independent"})
  public String blocks;

  private BufferAllocator allocator;
  private CompressionCodec codec;
  private ArrowBuf raw;
  private ArrowBuf compressed;
  private byte[] frame;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    allocator = new RootAllocator();
    codec = BodyCodecs.INSTANCE.createCodec(CompressionUtil.CodecType.LZ4_FRAME);
    byte[] values = new byte[BYTES];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(values).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < BYTES / 8; i++) {
      b.putLong(i * 31L + r.nextInt(100)); // an increasing column with some noise
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream lz4 = blocks.equals("linked")
        ? new FramedLZ4CompressorOutputStream(out, new FramedLZ4CompressorOutputStream.Parameters(
            FramedLZ4CompressorOutputStream.BlockSize.K64, false, false, true))
        : new LZ4FrameOutputStream(out)) {
      lz4.write(values);
    }
    frame = out.toByteArray();
    compressed = allocator.buffer(8 + frame.length);
    compressed.setLong(0, BYTES);
    compressed.setBytes(8, frame);
    compressed.writerIndex(8 + frame.length);
    raw = allocator.buffer(BYTES);
    raw.setBytes(0, values);
    raw.writerIndex(BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    raw.close();
    compressed.close();
    allocator.close();
  }

  /** flightwire's codec: the frame decoded block by block into the caller's buffer. */
  @Benchmark
  public long readFlightwire() {
    compressed.getReferenceManager().retain(); // decompress takes ownership of its input
    try (ArrowBuf out = codec.decompress(allocator, compressed)) {
      return out.writerIndex();
    }
  }

  /** commons-compress's reader, copying into an Arrow buffer as the codec did. */
  @Benchmark
  public long readCommonsCompress() throws IOException {
    try (ArrowBuf out = allocator.buffer(BYTES);
        FramedLZ4CompressorInputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
      byte[] chunk = new byte[64 * 1024];
      long at = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        out.setBytes(at, chunk, 0, n);
        at += n;
      }
      return at;
    }
  }

  /** flightwire's codec writing a frame (its frame writer over lz4-java's block compressor, independent blocks). */
  @Benchmark
  public long write() {
    raw.getReferenceManager().retain(); // compress takes ownership of its input
    try (ArrowBuf out = codec.compress(allocator, raw)) {
      return out.writerIndex();
    }
  }
}
