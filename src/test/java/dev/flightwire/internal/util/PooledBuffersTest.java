package dev.flightwire.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;

class PooledBuffersTest {
  /** A received 2–2.5 MiB batch must not fill a chunk by itself (BENCHMARKS.md, "buffer allocator"). */
  @Test
  void chunksHoldSeveralLargeMessages() {
    PooledByteBufAllocator a = PooledBuffers.allocator();
    assertEquals(16 << 20, a.metric().chunkSize());
    assertTrue(a.isDirectBufferPooled());
  }

  @Test
  void connectionsUseTheSharedAllocator() {
    Bootstrap b = new Bootstrap();
    ChannelTuning.apply(b);
    assertSame(ChannelTuning.allocator(), b.config().options().get(ChannelOption.ALLOCATOR));
    assertTrue(ChannelTuning.allocator() instanceof RetainingAllocator);
    // small buffers come from the shared pool
    io.netty.buffer.ByteBuf small = ChannelTuning.allocator().directBuffer(1024, 1024);
    try {
      assertSame(PooledBuffers.allocator(), small.unwrap() == null ? small.alloc() : small.unwrap().alloc());
    } finally {
      small.release();
    }
  }
}
