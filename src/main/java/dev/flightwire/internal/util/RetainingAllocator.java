package dev.flightwire.internal.util;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * The allocator of Flight connections: {@link PooledBuffers}, except that a direct buffer of a
 * fixed size of at least {@link RetainedBlocks#MIN} (the buffer a received message is gathered
 * into) comes from {@link RetainedBlocks}, whose memory is kept for reuse after release.
 * Buffers are leak-tracked like the pool's.
 */
public final class RetainingAllocator implements ByteBufAllocator {
  private final ByteBufAllocator pool;
  private final RetainedBlocks blocks;

  public RetainingAllocator(ByteBufAllocator pool, RetainedBlocks blocks) {
    this.pool = pool;
    this.blocks = blocks;
  }

  @Override
  public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
    if (initialCapacity != maxCapacity || initialCapacity < RetainedBlocks.MIN || blocks.limit() == 0) {
      return pool.directBuffer(initialCapacity, maxCapacity);
    }
    return LeakTracking.track(new BlockByteBuf(this, blocks, blocks.take(initialCapacity), initialCapacity));
  }

  @Override
  public ByteBuf buffer() {
    return pool.buffer();
  }

  @Override
  public ByteBuf buffer(int initialCapacity) {
    return pool.buffer(initialCapacity);
  }

  @Override
  public ByteBuf buffer(int initialCapacity, int maxCapacity) {
    return pool.buffer(initialCapacity, maxCapacity);
  }

  @Override
  public ByteBuf ioBuffer() {
    return pool.ioBuffer();
  }

  @Override
  public ByteBuf ioBuffer(int initialCapacity) {
    return pool.ioBuffer(initialCapacity);
  }

  @Override
  public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
    return pool.ioBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public ByteBuf heapBuffer() {
    return pool.heapBuffer();
  }

  @Override
  public ByteBuf heapBuffer(int initialCapacity) {
    return pool.heapBuffer(initialCapacity);
  }

  @Override
  public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
    return pool.heapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public ByteBuf directBuffer() {
    return pool.directBuffer();
  }

  @Override
  public ByteBuf directBuffer(int initialCapacity) {
    return pool.directBuffer(initialCapacity);
  }

  @Override
  public CompositeByteBuf compositeBuffer() {
    return pool.compositeBuffer();
  }

  @Override
  public CompositeByteBuf compositeBuffer(int maxNumComponents) {
    return pool.compositeBuffer(maxNumComponents);
  }

  @Override
  public CompositeByteBuf compositeHeapBuffer() {
    return pool.compositeHeapBuffer();
  }

  @Override
  public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
    return pool.compositeHeapBuffer(maxNumComponents);
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer() {
    return pool.compositeDirectBuffer();
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
    return pool.compositeDirectBuffer(maxNumComponents);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return pool.isDirectBufferPooled();
  }

  @Override
  public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
    return pool.calculateNewCapacity(minNewCapacity, maxCapacity);
  }

  /** Reaches Netty's leak tracking, which only allocators may wrap buffers with. */
  private abstract static class LeakTracking extends AbstractByteBufAllocator {
    static ByteBuf track(ByteBuf buf) {
      return toLeakAwareBuffer(buf);
    }
  }
}
