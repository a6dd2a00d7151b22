package dev.flightwire.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty allocator that remembers every buffer it hands out, so that a fuzz target can check,
 * input by input, that the code under test released all of them (paranoid leak detection reports
 * a leak only after a garbage collection, which is too late to name the input).
 */
final class TrackingByteBufAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> allocated = new ArrayList<>();
  private int largestRequest;

  TrackingByteBufAllocator() {
    super(true);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return track(UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return track(UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
  }

  private ByteBuf track(ByteBuf buf) {
    largestRequest = Math.max(largestRequest, buf.capacity());
    allocated.add(buf);
    return buf;
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** The largest initial capacity handed out. */
  int largestRequest() {
    return largestRequest;
  }

  /** Fails when a buffer handed out is still referenced. */
  void assertAllReleased(String what) {
    for (ByteBuf b : allocated) {
      if (b.refCnt() != 0) {
        throw new AssertionError(what + ": a buffer of " + b.capacity() + " bytes from the allocator was not released"
            + " (refCnt " + b.refCnt() + ")");
      }
    }
    allocated.clear();
  }
}
