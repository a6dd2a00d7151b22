package dev.flightwire.internal.http2;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries work from application threads to a connection's event loop. Commands run in the order
 * they were enqueued; one flush follows each drained batch (and every {@value #FLUSH_EVERY}
 * commands within a long batch), so a burst of small writes costs one syscall, not one each.
 *
 * <h3>Closing</h3>
 * Once {@link #close()} was called (the connection is gone), or the event loop refuses work
 * (it was shut down), no command runs any more: each is <em>abandoned</em> instead, whether it
 * was still queued or is enqueued later. A {@link Command} releases what it owns in
 * {@link Command#abandon()}; a plain {@link Runnable} owns nothing and is dropped. Every command
 * is run or abandoned exactly once, never left in the queue.
 *
 * <h3>Threading</h3>
 * Thread-safe; {@link #enqueue} and {@link #close} may be called from any thread, including the
 * event loop. Commands run on the event loop; abandoned commands run on whichever thread finds
 * them (the event loop, the thread that closes, or the one that enqueues after the close). One
 * thread at a time takes commands out of the queue (it is multi-producer, single-consumer): the
 * one that set {@code scheduled}, which is either the drain task on the event loop or a thread
 * abandoning the queue after a close.
 */
public final class WriteQueue {
  private static final int FLUSH_EVERY = 64;

  /** A command that owns resources: released by {@link #abandon()} when the command will not run. */
  public interface Command extends Runnable {
    /** Called instead of {@link #run()} when the queue is closed: releases what the command owns. */
    void abandon();
  }

  private final Supplier<EventExecutor> loop;
  private final Runnable flush;
  private final Consumer<Throwable> onError;
  private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
  /** Set by the one thread that may poll the queue: the drain task, or an abandoning thread. */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private final Runnable drain = this::drain;

  public WriteQueue(Channel channel) {
    this(channel::eventLoop, channel::flush, e -> channel.pipeline().fireExceptionCaught(e));
  }

  /** A queue over any executor, with its own flush and error sink (tests, the in-process transport). */
  public WriteQueue(Supplier<EventExecutor> loop, Runnable flush, Consumer<Throwable> onError) {
    this.loop = loop;
    this.flush = flush;
    this.onError = onError;
  }

  /** A command that runs {@code run}, or {@code abandon} (to release what it owns) if it cannot run. */
  public static Command command(Runnable run, Runnable abandon) {
    return new Command() {
      @Override
      public void run() {
        run.run();
      }

      @Override
      public void abandon() {
        abandon.run();
      }
    };
  }

  /**
   * Queues {@code command} for the event loop. Takes ownership of what a {@link Command} holds:
   * if the queue is closed, it is abandoned (on this thread, or on the thread that closes).
   */
  public void enqueue(Runnable command) {
    if (closed) {
      abandon(command);
      return;
    }
    queue.add(command);
    schedule();
  }

  /**
   * Closes the queue: commands still queued and all later ones are abandoned, not run. Any
   * thread; a second call does nothing more.
   */
  public void close() {
    closed = true;
    schedule();
  }

  /** Whether {@link #close()} was called or the event loop refused work. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether a drain is scheduled or running; for tests. */
  boolean isScheduled() {
    return scheduled.get();
  }

  /**
   * Makes sure someone takes what is queued: schedules a drain on the event loop, or, once the
   * queue is closed, abandons the queued commands on this thread. Whoever sets {@code scheduled}
   * is the only consumer until it clears it, and looks at the queue again after clearing it, so a
   * command added meanwhile (whose producer lost the race for {@code scheduled}) is never stranded.
   */
  private void schedule() {
    while (scheduled.compareAndSet(false, true)) {
      if (!closed) {
        try {
          loop.get().execute(drain);
          return;
        } catch (RejectedExecutionException e) {
          closed = true; // the event loop is shut down: nothing will ever run
        }
      }
      abandonQueued();
      scheduled.set(false);
      if (queue.isEmpty()) {
        return;
      }
    }
  }

  private void drain() {
    assert loop.get().inEventLoop() : "WriteQueue.drain off the event loop";
    int n = 0;
    Runnable command;
    while ((command = queue.poll()) != null) {
      if (closed) {
        abandon(command);
        continue;
      }
      try {
        command.run();
      } catch (RuntimeException e) {
        onError.accept(e);
      }
      if (++n % FLUSH_EVERY == 0) {
        flush.run();
      }
    }
    if (n > 0) {
      flush.run();
    }
    scheduled.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }

  /** Abandons every queued command. Only by the thread that set {@code scheduled}. */
  private void abandonQueued() {
    Runnable command;
    while ((command = queue.poll()) != null) {
      abandon(command);
    }
  }

  private void abandon(Runnable command) {
    if (command instanceof Command) {
      try {
        ((Command) command).abandon();
      } catch (RuntimeException e) {
        onError.accept(e);
      }
    }
  }
}
