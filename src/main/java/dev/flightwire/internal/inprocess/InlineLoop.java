package dev.flightwire.internal.inprocess;

import io.netty.channel.AbstractEventLoop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SucceededFuture;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The "event loop" of one in-process connection, with no thread of its own: a task runs on the
 * thread that submits it, unless another thread is running this loop's tasks already, which then
 * runs it too. One thread at a time runs tasks, in submission order, so the call layer's rule
 * (connection state only on the loop) holds as on a Netty event loop: {@link #inEventLoop} is true
 * for that thread while it runs them.
 *
 * <p>So a unary call needs no thread hand-off: the caller's thread opens the call, delivers the
 * request, and (with {@code directExecutor()}) runs the handler and delivers the response, and
 * finds it queued when it goes to read. The tasks are the call layer's own (non-blocking, never
 * application code, except handlers of a server built with {@code directExecutor()}, which must
 * not block there either). Timers run on one shared daemon thread, which then runs the loop's
 * tasks.
 */
final class InlineLoop extends AbstractEventLoop {
  /** Fires the timers of every in-process connection (deadlines); started on first use. */
  private static final class Timers {
    static final DefaultEventLoop TIMER = new DefaultEventLoop(new DefaultThreadFactory("flightwire-inprocess-timer", true));
  }

  private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue();
  /** The thread running tasks now, or null. */
  private final AtomicReference<Thread> runner = new AtomicReference<>();

  @Override
  public boolean inEventLoop(Thread thread) {
    return runner.get() == thread;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (runner.get() != Thread.currentThread()) {
      runTasks();
    }
  }

  /**
   * Runs queued tasks until none is left, unless another thread is running them (it will run
   * this one too: it looks at the queue again after it lets go, so no task is stranded).
   */
  private void runTasks() {
    Thread me = Thread.currentThread();
    while (!tasks.isEmpty() && runner.compareAndSet(null, me)) {
      try {
        Runnable r;
        while ((r = tasks.poll()) != null) {
          safeExecute(r);
        }
      } finally {
        runner.set(null);
      }
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return Timers.TIMER.schedule(() -> execute(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("in-process loops schedule Runnables only");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("in-process loops have no periodic timers");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("in-process loops have no periodic timers");
  }

  // ---------------------------------------------------------------- nothing to shut down: no thread

  @Override
  public boolean isShuttingDown() {
    return false;
  }

  @Override
  public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
    return terminationFuture();
  }

  @Override
  public Future<?> terminationFuture() {
    return new SucceededFuture<>(this, null);
  }

  @Override
  @Deprecated
  public void shutdown() {}

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }

  @Override
  public ChannelFuture register(Channel channel) {
    throw new UnsupportedOperationException("an in-process loop carries no channels");
  }

  @Override
  public ChannelFuture register(ChannelPromise promise) {
    throw new UnsupportedOperationException("an in-process loop carries no channels");
  }

  @Override
  @Deprecated
  public ChannelFuture register(Channel channel, ChannelPromise promise) {
    throw new UnsupportedOperationException("an in-process loop carries no channels");
  }
}
