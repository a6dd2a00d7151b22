package dev.flightwire.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the write queue while other threads enqueue: every command is run or abandoned exactly
 * once, every buffer a command owned is released, and nothing stays queued or scheduled. Also an
 * event loop that was shut down: enqueueing abandons instead of throwing.
 */
class WriteQueueTest {
  private static final int ROUNDS = 2_000;
  private static final int PER_PRODUCER = 50;

  /** A command owning one buffer, released whether it runs or is abandoned. */
  private static final class BufferCommand implements WriteQueue.Command {
    final ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    final AtomicInteger ran;
    final AtomicInteger abandoned;

    BufferCommand(AtomicInteger ran, AtomicInteger abandoned) {
      this.ran = ran;
      this.abandoned = abandoned;
    }

    @Override
    public void run() {
      ran.incrementAndGet();
      buf.release();
    }

    @Override
    public void abandon() {
      abandoned.incrementAndGet();
      buf.release();
    }
  }

  @Test
  void enqueueRacingCloseReleasesEverything() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    AtomicReference<Throwable> error = new AtomicReference<>();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        WriteQueue q = new WriteQueue(() -> loop, () -> { }, error::set);
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        List<BufferCommand> all = new ArrayList<>();
        List<List<BufferCommand>> perProducer = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
          List<BufferCommand> mine = new ArrayList<>();
          for (int i = 0; i < PER_PRODUCER; i++) {
            mine.add(new BufferCommand(ran, abandoned));
          }
          perProducer.add(mine);
          all.addAll(mine);
        }
        CyclicBarrier start = new CyclicBarrier(3);
        int closeAfter = round % (PER_PRODUCER + 1);
        List<Thread> threads = new ArrayList<>();
        for (List<BufferCommand> mine : perProducer) {
          threads.add(new Thread(() -> {
            await(start);
            for (BufferCommand c : mine) {
              q.enqueue(c);
            }
          }));
        }
        threads.add(new Thread(() -> {
          await(start);
          for (int i = 0; i < closeAfter; i++) {
            Thread.onSpinWait();
          }
          q.close();
        }));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
          t.join(10_000);
          assertFalse(t.isAlive());
        }
        // the drain may still be on the loop: wait until it has finished
        loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
        loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(all.size(), ran.get() + abandoned.get(), "round " + round + ": every command ran or was abandoned");
        for (BufferCommand c : all) {
          assertEquals(0, c.buf.refCnt(), "round " + round + ": a buffer was not released");
        }
        assertFalse(q.isScheduled(), "round " + round + ": scheduled stays set");
        // after the close, a command is abandoned at once
        BufferCommand late = new BufferCommand(ran, abandoned);
        q.enqueue(late);
        assertEquals(0, late.buf.refCnt());
        assertFalse(q.isScheduled());
      }
      assertEquals(null, error.get());
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aShutDownEventLoopAbandonsInsteadOfThrowing() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    EventExecutor dead = loop;
    WriteQueue q = new WriteQueue(() -> dead, () -> { }, e -> { });
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger abandoned = new AtomicInteger();
    BufferCommand first = new BufferCommand(ran, abandoned);
    BufferCommand second = new BufferCommand(ran, abandoned);
    q.enqueue(first);
    q.enqueue(second);
    assertEquals(0, first.buf.refCnt());
    assertEquals(0, second.buf.refCnt());
    assertEquals(2, abandoned.get());
    assertTrue(q.isClosed());
    assertFalse(q.isScheduled());
  }

  @Test
  void commandsRunInOrderOnTheLoopWhileOpen() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      AtomicInteger flushes = new AtomicInteger();
      WriteQueue q = new WriteQueue(() -> loop, flushes::incrementAndGet, e -> { });
      List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        q.enqueue(() -> {
          assertTrue(loop.inEventLoop());
          order.add(n);
        });
      }
      loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
      loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
      assertEquals(100, order.size());
      for (int i = 0; i < 100; i++) {
        assertEquals(i, order.get(i));
      }
      assertTrue(flushes.get() >= 1);
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
