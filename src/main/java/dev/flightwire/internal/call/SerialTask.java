package dev.flightwire.internal.call;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on an executor each time it is signalled, never on two threads at once: a signal
 * while the task runs makes it run once more afterwards, and signals that come while it waits to
 * run are merged into that run. The bridge from call events (raised on the event loop) to
 * application code (run on an executor). As a {@link Runnable} (a call's event listener),
 * running it signals it. Thread-safe.
 */
public final class SerialTask implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SerialTask.class);

  private final Executor executor;
  private final Runnable task;
  /** 0: idle; 1: scheduled or running; more: signalled again meanwhile. */
  private final AtomicInteger state = new AtomicInteger();
  private final Runnable loop = this::runLoop;

  /**
   * @param executor where the task runs
   * @param task what runs; what it throws is logged and does not stop later runs
   */
  public SerialTask(Executor executor, Runnable task) {
    this.executor = executor;
    this.task = task;
  }

  /** Makes the task run (again) soon, on the executor. Any thread; never blocks. */
  public void signal() {
    if (state.getAndIncrement() == 0) {
      try {
        executor.execute(loop);
      } catch (RejectedExecutionException e) {
        // the application's executor is shut down: run elsewhere rather than strand the call
        LOG.debug("executor refused a call's task; running it on the common pool", e);
        ForkJoinPool.commonPool().execute(loop);
      }
    }
  }

  /** Signals the task: the same as {@link #signal()}. */
  @Override
  public void run() {
    signal();
  }

  private void runLoop() {
    do {
      state.set(1);
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("a call's task threw", e);
      }
    } while (!state.compareAndSet(1, 0));
  }
}
