package dev.flightwire.internal.util;

import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large blocks of direct memory kept for reuse after their buffers are released.
 *
 * <p>A received record batch body of a megabyte or more gets a block of its own (rounded up to
 * {@link #GRAIN}). When the application releases the batch, the block is kept here instead of
 * being freed, so the next batches of that size (the next upload of a dataset that replaced this
 * one, the next batch of a download) reuse memory that is already mapped. Freed memory otherwise
 * goes back to the kernel (the pool frees empty chunks and the C allocator unmaps or trims them),
 * and faulting a gigabyte in again costs seconds of system time (BENCHMARKS.md, the demo's
 * uploads).
 *
 * <p>Bounded two ways: at most {@link #limit()} bytes are kept (a quarter of the direct memory
 * limit unless {@code -Dflightwire.retainedBufferBytes} says otherwise; 0 keeps nothing), and a
 * block unused for 30 seconds ({@link #IDLE_NANOS}) is freed. Before a new block is allocated while the
 * process's direct memory is three quarters used, kept blocks are freed first.
 *
 * <p>Thread-safe: blocks are taken on event loops and returned by whichever thread releases the
 * last reference. The idle sweep runs on a daemon thread of its own, which ends after a minute
 * with no sweep to run (and is made again for the next one): a pending sweep never keeps the JVM
 * from exiting.
 */
public final class RetainedBlocks {
  /** Size of the smallest block, and the request size from which blocks are used. */
  public static final int MIN = 1 << 20;
  /** Block sizes are multiples of this. */
  static final int GRAIN = 64 << 10;
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final RetainedBlocks SHARED = new RetainedBlocks(defaultLimit(), IDLE_NANOS);

  private final long limit;
  private final long idleNanos;
  private final Map<Integer, ConcurrentLinkedDeque<Block>> free = new ConcurrentHashMap<>();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();

  /** The sweeps' daemon thread, made when a sweep is scheduled, ending after a minute without one. */
  private static final class Sweeper {
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, CallbackThreads.daemonThreads("flightwire-sweep"));
      e.setKeepAliveTime(1, TimeUnit.MINUTES);
      e.allowCoreThreadTimeOut(true);
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }

  /** Keeps at most {@code limit} bytes, each block for at most {@code idleNanos} unused. */
  RetainedBlocks(long limit, long idleNanos) {
    this.limit = limit;
    this.idleNanos = idleNanos;
  }

  /** The process-wide instance. */
  public static RetainedBlocks shared() {
    return SHARED;
  }

  private static long defaultLimit() {
    String v = System.getProperty("flightwire.retainedBufferBytes");
    if (v != null) {
      return Math.max(0, Long.parseLong(v.trim()));
    }
    long max = PlatformDependent.maxDirectMemory();
    return max > 0 ? max / 4 : 0;
  }

  /** The most bytes kept for reuse. */
  public long limit() {
    return limit;
  }

  /** Bytes kept for reuse now (not in use). */
  public long keptBytes() {
    return kept.get();
  }

  /**
   * A block of at least {@code size} bytes ({@code size} ≥ {@link #MIN}), reused if one of its
   * size class is kept. Returns owned: give it back with {@link #give(Block)} once no buffer uses it.
   */
  Block take(int size) {
    int cls = (int) Math.min(Integer.MAX_VALUE, ((size + (long) GRAIN - 1) / GRAIN) * GRAIN);
    ConcurrentLinkedDeque<Block> q = free.get(cls);
    Block b = q == null ? null : q.pollFirst();
    if (b != null) {
      kept.addAndGet(-cls);
      return b;
    }
    long max = PlatformDependent.maxDirectMemory();
    if (kept.get() > 0 && max > 0 && PlatformDependent.usedDirectMemory() + cls > max / 4 * 3) {
      freeAll();
    }
    return new Block(PlatformDependent.allocateDirect(cls), cls);
  }

  /** Takes ownership of {@code b}: keeps it for reuse while within the limit, frees it otherwise. */
  void give(Block b) {
    if (kept.addAndGet(b.size) > limit) {
      kept.addAndGet(-b.size);
      b.memory.clean();
      return;
    }
    b.freedAt = System.nanoTime();
    free.computeIfAbsent(b.size, k -> new ConcurrentLinkedDeque<>()).offerFirst(b);
    if (sweepScheduled.compareAndSet(false, true)) {
      Sweeper.EXECUTOR.schedule(this::sweep, idleNanos / 2, TimeUnit.NANOSECONDS);
    }
  }

  /** Frees blocks unused for the idle time; runs again while any are kept. */
  void sweep() {
    long now = System.nanoTime();
    freeWhere(b -> now - b.freedAt >= idleNanos);
    sweepScheduled.set(false);
    if (kept.get() > 0 && sweepScheduled.compareAndSet(false, true)) {
      Sweeper.EXECUTOR.schedule(this::sweep, idleNanos / 2, TimeUnit.NANOSECONDS);
    }
  }

  /** Frees every kept block. */
  public void freeAll() {
    freeWhere(b -> true);
  }

  private void freeWhere(java.util.function.Predicate<Block> which) {
    for (ConcurrentLinkedDeque<Block> q : free.values()) {
      for (Iterator<Block> it = q.iterator(); it.hasNext(); ) {
        Block b = it.next();
        if (which.test(b) && q.removeFirstOccurrence(b)) {
          kept.addAndGet(-b.size);
          b.memory.clean();
        }
      }
    }
  }

  /** A block of direct memory of {@link #size} bytes. */
  static final class Block {
    final CleanableDirectBuffer memory;
    final int size;
    volatile long freedAt;

    Block(CleanableDirectBuffer memory, int size) {
      this.memory = memory;
      this.size = size;
    }
  }
}
