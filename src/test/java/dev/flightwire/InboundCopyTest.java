package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.util.ChannelTuning;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inbound data is copied at most once in user space. Every byte the kernel hands over lands in a
 * socket read buffer (allocated through {@code ioBuffer}); any further copy needs a buffer
 * allocated elsewhere (Netty's frame cumulation, the deframer's gathering buffer). So the bytes allocated outside reads, over a
 * stream of 2 MiB messages in 256 KiB frames, bound how often each byte was copied again.
 */
class InboundCopyTest {
  private static final int ROWS = 65_536;
  private static final int BATCHES = 32;

  /** Counts the capacity of every buffer that is not a socket read buffer. */
  static final class CountingAllocator implements ByteBufAllocator {
    final ByteBufAllocator delegate = PooledByteBufAllocator.DEFAULT;
    final AtomicLong nonReadBytes = new AtomicLong();

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** Netty reads through {@code PreferredDirectByteBufAllocator.ioBuffer}, which asks for a direct buffer. */
    private static boolean isSocketRead() {
      return WALKER.walk(frames -> frames.limit(6).anyMatch(f -> f.getMethodName().equals("ioBuffer")));
    }

    final AtomicLong copiedIntoReadBuffers = new AtomicLong();

    private ByteBuf count(ByteBuf b) {
      if (!isSocketRead()) {
        nonReadBytes.addAndGet(b.capacity());
        return b;
      }
      return new ReadBuffer(b, copiedIntoReadBuffers);
    }

    @Override public ByteBuf buffer() { return count(delegate.buffer()); }
    @Override public ByteBuf buffer(int initial) { return count(delegate.buffer(initial)); }
    @Override public ByteBuf buffer(int initial, int max) { return count(delegate.buffer(initial, max)); }
    @Override public ByteBuf ioBuffer() { return count(delegate.ioBuffer()); }
    @Override public ByteBuf ioBuffer(int initial) { return count(delegate.ioBuffer(initial)); }
    @Override public ByteBuf ioBuffer(int initial, int max) { return count(delegate.ioBuffer(initial, max)); }
    @Override public ByteBuf heapBuffer() { return count(delegate.heapBuffer()); }
    @Override public ByteBuf heapBuffer(int initial) { return count(delegate.heapBuffer(initial)); }
    @Override public ByteBuf heapBuffer(int initial, int max) { return count(delegate.heapBuffer(initial, max)); }
    @Override public ByteBuf directBuffer() { return count(delegate.directBuffer()); }
    @Override public ByteBuf directBuffer(int initial) { return count(delegate.directBuffer(initial)); }
    @Override public ByteBuf directBuffer(int initial, int max) { return count(delegate.directBuffer(initial, max)); }
    @Override public CompositeByteBuf compositeBuffer() { return delegate.compositeBuffer(); }
    @Override public CompositeByteBuf compositeBuffer(int max) { return delegate.compositeBuffer(max); }
    @Override public CompositeByteBuf compositeHeapBuffer() { return delegate.compositeHeapBuffer(); }
    @Override public CompositeByteBuf compositeHeapBuffer(int max) { return delegate.compositeHeapBuffer(max); }
    @Override public CompositeByteBuf compositeDirectBuffer() { return delegate.compositeDirectBuffer(); }
    @Override public CompositeByteBuf compositeDirectBuffer(int max) { return delegate.compositeDirectBuffer(max); }
    @Override public boolean isDirectBufferPooled() { return delegate.isDirectBufferPooled(); }
    @Override public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
      return delegate.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
  }

  /**
   * A socket read buffer that counts bytes copied into it from other buffers, which is how Netty's
   * merging cumulator joins a partial frame with the next read (growing the buffer in place).
   */
  static final class ReadBuffer extends io.netty.buffer.WrappedByteBuf {
    private final AtomicLong copied;

    ReadBuffer(ByteBuf buf, AtomicLong copied) {
      super(buf);
      this.copied = copied;
    }

    @Override
    public ByteBuf writeBytes(ByteBuf src) {
      copied.addAndGet(src.readableBytes());
      return super.writeBytes(src);
    }

    @Override
    public ByteBuf writeBytes(ByteBuf src, int length) {
      copied.addAndGet(length);
      return super.writeBytes(src, length);
    }

    @Override
    public ByteBuf writeBytes(ByteBuf src, int srcIndex, int length) {
      copied.addAndGet(length);
      return super.writeBytes(src, srcIndex, length);
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
      copied.addAndGet(length);
      return super.setBytes(index, src, srcIndex, length);
    }
  }

  /** Serves {@link #BATCHES} copies of one 4-column int64 batch (2 MiB of body each). */
  private static final class Service extends FlightServerBase {
    private final VectorSchemaRoot root;

    Service(VectorSchemaRoot root) {
      this.root = root;
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      return new RecordBatchStream(root.getSchema(), java.util.Collections.nCopies(BATCHES, root), null);
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      while (reader.next()) {
        assertEquals(ROWS, reader.root().getRowCount());
      }
    }
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator) {
    List<Field> fields = new java.util.ArrayList<>();
    for (int c = 0; c < 4; c++) {
      fields.add(Field.notNullable("c" + c, new ArrowType.Int(64, true)));
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
    for (int c = 0; c < 4; c++) {
      BigIntVector v = (BigIntVector) root.getVector(c);
      v.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        v.set(i, i * 4L + c);
      }
    }
    root.setRowCount(ROWS);
    return root;
  }

  @AfterEach
  void restore() {
    ChannelTuning.overrideAllocatorForTests(null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"doGet", "doPut"})
  void eachReceivedByteIsCopiedAtMostOnce(String call) throws Exception {
    CountingAllocator counting = new CountingAllocator();
    ChannelTuning.overrideAllocatorForTests(counting);
    long body = (long) BATCHES * ROWS * 4 * 8;
    try (BufferAllocator allocator = new RootAllocator();
         VectorSchemaRoot root = batch(allocator);
         FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new Service(root))
             .build().start();
         FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", server.port()),
             FlightClientOptions.builder().allocator(allocator).build())) {
      long rows = 0;
      if (call.equals("doGet")) {
        try (FlightStreamReader reader = client.doGet(Ticket.of("x"))) {
          while (reader.next()) {
            rows += reader.root().getRowCount();
          }
        }
      } else {
        try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("x"), root.getSchema())) {
          for (int i = 0; i < BATCHES; i++) {
            put.writer().writeBatch(root);
          }
          put.complete();
        }
        rows = (long) BATCHES * ROWS;
      }
      assertEquals((long) BATCHES * ROWS, rows);
    }
    assertEquals(0, counting.copiedIntoReadBuffers.get(), "bytes copied from one read buffer into another");
    long extra = counting.nonReadBytes.get();
    // one gathering buffer per message (the body plus a few hundred bytes of header), and small
    // buffers for headers and control frames; a second copy would add about the body again
    assertTrue(extra < body * 1.15, "bytes allocated outside socket reads: " + extra + " for " + body
        + " bytes of body (" + String.format("%.2f", (double) extra / body) + "x): received bytes are copied more than once");
    assertTrue(extra > body * 0.9, "the gathering copy is counted: " + extra);
  }
}
