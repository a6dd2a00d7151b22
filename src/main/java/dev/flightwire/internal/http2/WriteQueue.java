package dev.flightwire.internal.http2;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carries work from application threads to a connection's event loop. Commands run in the order
 * they were enqueued; one flush follows each drained batch (and every {@value #FLUSH_EVERY}
 * commands within a long batch), so a burst of small writes costs one syscall, not one each.
 *
 * <p>Thread-safe; {@link #enqueue} may be called from any thread, including the event loop.
 */
public final class WriteQueue {
  private static final int FLUSH_EVERY = 64;

  private final Channel channel;
  private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;

  public WriteQueue(Channel channel) {
    this.channel = channel;
  }

  public void enqueue(Runnable command) {
    queue.add(command);
    if (scheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drain);
    }
  }

  private void drain() {
    int n = 0;
    Runnable command;
    while ((command = queue.poll()) != null) {
      try {
        command.run();
      } catch (RuntimeException e) {
        channel.pipeline().fireExceptionCaught(e);
      }
      if (++n % FLUSH_EVERY == 0) {
        channel.flush();
      }
    }
    channel.flush();
    scheduled.set(false);
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drain);
    }
  }
}
