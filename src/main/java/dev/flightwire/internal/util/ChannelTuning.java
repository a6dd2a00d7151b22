package dev.flightwire.internal.util;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.bootstrap.ServerBootstrap;

/**
 * Socket and buffer settings for Flight connections, chosen by measurement (BENCHMARKS.md):
 * pooled direct buffers from {@link PooledBuffers} (a received message that spans frames is gathered
 * into one buffer of its size, from 1 MiB up in a block kept for reuse by {@link RetainedBlocks}:
 * either way that costs no fresh memory), reads of up to {@link #MAX_READ} bytes, and a
 * write-buffer water mark high enough that the HTTP/2 flow controller hands the socket large
 * gather writes instead of 64 KiB at a time.
 */
public final class ChannelTuning {
  static final int MAX_READ = 1 << 20;
  static final int LOW_WATER = 1 << 20;
  static final int HIGH_WATER = 4 << 20;
  static final boolean POOLED = true;

  /** Replaces the buffer allocator of connections made after the call; null restores the default. */
  private static volatile ByteBufAllocator allocatorOverride;

  private ChannelTuning() {}

  /**
   * For tests that account for buffer allocations: connections made from now on allocate from
   * {@code allocator} (null restores pooled direct buffers). Not API.
   */
  public static void overrideAllocatorForTests(ByteBufAllocator allocator) {
    allocatorOverride = allocator;
  }

  /** Pooled buffers, with large received messages in blocks kept for reuse ({@link RetainingAllocator}). */
  private static final ByteBufAllocator DEFAULT =
      new RetainingAllocator(PooledBuffers.allocator(), RetainedBlocks.shared());

  public static ByteBufAllocator allocator() {
    ByteBufAllocator a = allocatorOverride;
    return a != null ? a : DEFAULT;
  }

  public static void apply(AbstractBootstrap<?, ?> b) {
    if (POOLED) {
      b.option(ChannelOption.ALLOCATOR, allocator());
    }
    b.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65_536, MAX_READ));
    b.option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
  }

  public static void applyChild(ServerBootstrap b) {
    if (POOLED) {
      b.childOption(ChannelOption.ALLOCATOR, allocator());
    }
    b.childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65_536, MAX_READ));
    b.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
  }
}
