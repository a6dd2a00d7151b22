package dev.flightwire.testing;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Waits on conditions instead of fixed sleeps. */
public final class Waits {
  private Waits() {}

  /**
   * Waits until {@code condition} holds, checking it every millisecond or so, for at most
   * {@code timeout}. Returns whether it held: the caller asserts with a message of its own (or
   * goes on when the wait was only a courtesy).
   */
  public static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /**
   * Waits for a line of {@code log} (a list other threads add to) that starts with {@code prefix}.
   *
   * @return the first such line
   * @throws AssertionError naming the lines seen when none came within {@code timeout}
   */
  public static String line(java.util.List<String> log, String prefix, Duration timeout) throws InterruptedException {
    java.util.function.Supplier<String> first =
        () -> log.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    if (!until(() -> first.get() != null, timeout)) {
      throw new AssertionError("no line starting \"" + prefix + "\" came: " + log);
    }
    return first.get();
  }

  /**
   * Waits until the thread in {@code thread} (set by the task itself when it starts) is parked in a
   * wait (WAITING or TIMED_WAITING) while its task is still running: the task is blocked.
   *
   * @throws AssertionError when that does not happen within 10 s, or the task ended first
   */
  public static void untilBlocked(AtomicReference<Thread> thread, Future<?> task) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (task.isDone()) {
        throw new AssertionError("the task ended instead of blocking");
      }
      Thread t = thread.get();
      if (t != null) {
        Thread.State s = t.getState();
        if ((s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) && !task.isDone()) {
          return;
        }
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the task did not block within 10 s");
  }
}
