package dev.flightwire.internal.util;

import io.netty.buffer.PooledByteBufAllocator;

/**
 * The pooled direct-buffer allocator every flightwire connection uses, shared by the process.
 *
 * <p>It is Netty's pooled allocator with Netty's defaults except the chunk size: 16 MiB chunks
 * (max order 11) instead of 4 MiB. A received record batch of shape (a) or (c) (2–2.5 MiB) is
 * gathered into one buffer; in a 4 MiB chunk only one fits, so every message emptied its chunk
 * when it was released, Netty destroyed the chunk, and the next message mapped fresh memory and
 * page-faulted it in again: ~19% of a DoGet client's event-loop CPU on shape (c). With 16 MiB chunks
 * several messages share a chunk and chunks stay mapped (BENCHMARKS.md, "Defaults and why").
 * This was Netty's own default chunk size before 4.1.76.
 *
 * <p>A process that sets {@code io.netty.allocator.maxOrder} itself gets
 * {@link PooledByteBufAllocator#DEFAULT}, which honours it.
 */
public final class PooledBuffers {
  static final int MAX_ORDER = 11;

  private PooledBuffers() {}

  /** The shared allocator; created on first use. */
  public static PooledByteBufAllocator allocator() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final PooledByteBufAllocator INSTANCE = create();

    private static PooledByteBufAllocator create() {
      if (System.getProperty("io.netty.allocator.maxOrder") != null) {
        return PooledByteBufAllocator.DEFAULT;
      }
      return new PooledByteBufAllocator(true,
          PooledByteBufAllocator.defaultNumHeapArena(),
          PooledByteBufAllocator.defaultNumDirectArena(),
          PooledByteBufAllocator.defaultPageSize(),
          MAX_ORDER,
          PooledByteBufAllocator.defaultSmallCacheSize(),
          PooledByteBufAllocator.defaultNormalCacheSize(),
          PooledByteBufAllocator.defaultUseCacheForAllThreads());
    }
  }
}
