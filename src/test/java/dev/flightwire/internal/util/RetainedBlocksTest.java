package dev.flightwire.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetainedBlocksTest {
  private static final int MIB = 1 << 20;
  private final PooledByteBufAllocator pool = new PooledByteBufAllocator(true);

  @Test
  void aReleasedBodyIsReusedByTheNextOfItsSize() {
    RetainedBlocks blocks = new RetainedBlocks(64L * MIB, TimeUnit.MINUTES.toNanos(1));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    ByteBuf first = alloc.directBuffer(2 * MIB, 2 * MIB);
    assertEquals(0, first.writerIndex());
    assertEquals(2 * MIB, first.capacity());
    assertEquals(2 * MIB, first.maxCapacity());
    long address = first.memoryAddress();
    first.writeZero(2 * MIB);
    assertFalse(first.isWritable());
    first.release();
    assertEquals(2 * MIB, blocks.keptBytes());

    ByteBuf second = alloc.directBuffer(2 * MIB - 100, 2 * MIB - 100); // same 64 KiB class
    assertEquals(address, second.memoryAddress());
    assertEquals(2 * MIB - 100, second.capacity());
    assertEquals(0, blocks.keptBytes());
    ByteBuf other = alloc.directBuffer(3 * MIB, 3 * MIB); // another class: new memory
    assertNotEquals(address, other.memoryAddress());
    second.release();
    other.release();
    assertEquals(5 * MIB, blocks.keptBytes());
    blocks.freeAll();
    assertEquals(0, blocks.keptBytes());
  }

  /** A kept block's pending sweep never keeps the JVM from exiting: its thread is a daemon. */
  @Test
  void theSweepRunsOnADaemonThread() {
    RetainedBlocks blocks = new RetainedBlocks(64L * MIB, TimeUnit.MINUTES.toNanos(1));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    alloc.directBuffer(2 * MIB, 2 * MIB).release(); // kept: a sweep is scheduled
    List<Thread> sweepers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("flightwire-sweep")).toList();
    assertFalse(sweepers.isEmpty(), "the sweep is scheduled on its own thread");
    assertTrue(sweepers.stream().allMatch(Thread::isDaemon), "and that thread is a daemon");
    blocks.freeAll();
  }

  @Test
  void smallOrGrowableBuffersComeFromThePool() {
    RetainedBlocks blocks = new RetainedBlocks(64L * MIB, TimeUnit.MINUTES.toNanos(1));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    long before = pool.metric().usedDirectMemory();
    ByteBuf small = alloc.directBuffer(MIB - 1, MIB - 1);
    ByteBuf growable = alloc.directBuffer(2 * MIB, 8 * MIB);
    assertTrue(pool.metric().usedDirectMemory() > before);
    small.release();
    growable.release();
    assertEquals(0, blocks.keptBytes());
  }

  @Test
  void keepsNoMoreThanItsLimit() {
    RetainedBlocks blocks = new RetainedBlocks(5L * MIB, TimeUnit.MINUTES.toNanos(1));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    List<ByteBuf> bufs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      bufs.add(alloc.directBuffer(2 * MIB, 2 * MIB));
    }
    bufs.forEach(ByteBuf::release);
    assertEquals(4 * MIB, blocks.keptBytes()); // two of 2 MiB, the others freed
    blocks.freeAll();
  }

  @Test
  void aLimitOfZeroKeepsNothing() {
    RetainedBlocks blocks = new RetainedBlocks(0, TimeUnit.MINUTES.toNanos(1));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    ByteBuf b = alloc.directBuffer(2 * MIB, 2 * MIB);
    b.release();
    assertEquals(0, blocks.keptBytes());
  }

  @Test
  void idleBlocksAreFreed() throws Exception {
    RetainedBlocks blocks = new RetainedBlocks(64L * MIB, TimeUnit.MILLISECONDS.toNanos(200));
    RetainingAllocator alloc = new RetainingAllocator(pool, blocks);
    alloc.directBuffer(2 * MIB, 2 * MIB).release();
    assertEquals(2 * MIB, blocks.keptBytes());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (blocks.keptBytes() != 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, blocks.keptBytes(), "the sweep freed the idle block");
  }
}
