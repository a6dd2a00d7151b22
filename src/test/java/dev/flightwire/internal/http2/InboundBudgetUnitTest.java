package dev.flightwire.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboundBudgetUnitTest {
  @Test
  void chargesMayPassTheLimitButReservationsMayNot() {
    InboundBudget b = new InboundBudget(100);
    assertTrue(b.tryReserve(60));
    assertFalse(b.tryReserve(41), "a reservation never takes the budget past its limit");
    assertTrue(b.hasRoom());
    b.charge(50); // received bytes are counted whatever the limit
    assertEquals(110, b.used());
    assertFalse(b.hasRoom());
    assertFalse(b.tryReserve(1));
    b.release(60);
    assertEquals(50, b.used());
    assertTrue(b.hasRoom());
  }

  @Test
  void waitersWakeOnceWhenRoomReturns() {
    InboundBudget b = new InboundBudget(100);
    b.charge(100);
    AtomicInteger woken = new AtomicInteger();
    Object holder = new Object();
    assertTrue(b.tryExempt(holder)); // so that a free exemption does not wake the waiter at once
    b.awaitRoom(woken::incrementAndGet);
    b.awaitRoom(woken::incrementAndGet);
    assertEquals(0, woken.get());
    b.charge(10);
    b.release(10); // still at the limit: no room
    assertEquals(0, woken.get());
    b.release(1);
    assertEquals(2, woken.get());
    b.release(10);
    assertEquals(2, woken.get(), "each wake-up runs once");
  }

  @Test
  void oneHolderAtATimeIsExemptAndEndingItWakesWaiters() {
    InboundBudget b = new InboundBudget(10);
    b.charge(10);
    Object first = new Object();
    Object second = new Object();
    assertTrue(b.tryExempt(first));
    assertTrue(b.tryExempt(first), "the holder keeps its exemption");
    assertFalse(b.tryExempt(second));
    AtomicInteger woken = new AtomicInteger();
    b.awaitRoom(woken::incrementAndGet);
    b.endExempt(second); // not the holder: nothing happens
    assertEquals(0, woken.get());
    b.endExempt(first);
    assertEquals(1, woken.get());
    assertTrue(b.tryExempt(second));
  }

  @Test
  void awaitingWhenThereIsRoomWakesAtOnce() {
    InboundBudget b = new InboundBudget(10);
    AtomicInteger woken = new AtomicInteger();
    b.awaitRoom(woken::incrementAndGet);
    assertEquals(1, woken.get());
  }

  @Test
  void aWakeUpRejectedByAStoppedLoopIsIgnored() {
    InboundBudget b = new InboundBudget(10);
    b.charge(10);
    b.tryExempt(this);
    AtomicInteger woken = new AtomicInteger();
    b.awaitRoom(() -> {
      throw new java.util.concurrent.RejectedExecutionException("loop stopped");
    });
    b.awaitRoom(woken::incrementAndGet);
    b.release(10);
    assertEquals(1, woken.get());
  }

  @Test
  void concurrentChargesAndReleasesBalance() throws Exception {
    InboundBudget b = new InboundBudget(1 << 20);
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          b.charge(7);
          if (b.tryReserve(5)) {
            b.release(5);
          }
          b.release(7);
        }
        done.countDown();
      }).start();
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(0, b.used());
  }

  @Test
  void unlimitedCountsNothing() {
    InboundBudget u = InboundBudget.UNLIMITED;
    u.charge(1L << 40);
    assertEquals(0, u.used());
    assertTrue(u.hasRoom());
    assertTrue(u.tryReserve(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> new InboundBudget(0));
  }
}
