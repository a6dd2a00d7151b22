package dev.flightwire.bench;

import dev.flightwire.internal.grpc.GatherBudget;
import dev.flightwire.internal.grpc.GrpcDeframer;
import dev.flightwire.internal.ipc.FlightDataDecoder;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.FlightDataMessage;
import dev.flightwire.internal.ipc.IpcStreamReader;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * FlightData encode and decode, and gRPC deframing, for one int64 column whose body is
 * {@code bytes} long (64 B to 4 MiB). Run with {@code -prof gc} for allocation per batch: it
 * should not grow with the payload (no per-byte heap work).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class CodecBenchmark {
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("v", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  @Param({"64", "4096", "65536", "1048576", "4194304"})
  public int bytes;

  private BufferAllocator allocator;
  private VectorSchemaRoot root;
  private IpcStreamWriter writer;
  private ByteBufAllocator netty;
  private byte[] encodedSchema;
  private byte[] encodedBatch;
  private ByteBuf wire;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    netty = dev.flightwire.internal.util.PooledBuffers.allocator();
    root = VectorSchemaRoot.create(SCHEMA, allocator);
    int rows = Math.max(1, bytes / 8);
    BigIntVector v = (BigIntVector) root.getVector(0);
    v.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      v.set(i, i);
    }
    root.setRowCount(rows);
    writer = new IpcStreamWriter(new FlightDataEncoder(netty, IpcOption.DEFAULT));
    encodedSchema = drain(writer.begin(SCHEMA, null, null).get(0));
    encodedBatch = drain(writer.batch(root, null, null));
    wire = netty.directBuffer(encodedBatch.length).writeBytes(encodedBatch);
  }

  private static byte[] drain(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), out);
    b.release();
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wire.release();
    root.close();
    allocator.close();
  }

  /** Builds the outgoing message (header + wrapped Arrow buffers) and releases it. */
  @Benchmark
  public int encode() {
    ByteBuf m = writer.batch(root, null, null);
    int n = m.readableBytes();
    m.release();
    return n;
  }

  /** Parses a received message and loads it into a root (body is a foreign ArrowBuf, no copy). */
  @Benchmark
  public void decodeAndLoad(Blackhole bh) {
    try (IpcStreamReader reader = new IpcStreamReader(allocator)) {
      ByteBuf schema = netty.directBuffer(encodedSchema.length).writeBytes(encodedSchema);
      schema.skipBytes(5);
      reader.apply(FlightDataDecoder.decode(schema, allocator));
      ByteBuf m = wire.retainedSlice(5, wire.readableBytes() - 5);
      FlightDataMessage msg = FlightDataDecoder.decode(m, allocator);
      reader.apply(msg);
      bh.consume(reader.root().getRowCount());
    }
  }

  /** Splits a stream arriving in 16 KiB DATA frames into messages. */
  @Benchmark
  public void deframe16k(Blackhole bh) {
    GrpcDeframer d = new GrpcDeframer(netty, Integer.MAX_VALUE, new GatherBudget(64 << 20), (message, wireBytes) -> {
      bh.consume(wireBytes);
      message.release();
    });
    int total = wire.readableBytes();
    for (int off = 0; off < total; off += 16_384) {
      ByteBuf frame = wire.retainedSlice(off, Math.min(16_384, total - off));
      d.receive(frame);
      frame.release();
    }
    d.close();
  }
}
