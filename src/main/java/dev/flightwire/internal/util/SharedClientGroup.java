package dev.flightwire.internal.util;

import io.netty.channel.EventLoopGroup;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.Future;

/**
 * The event-loop group that every client of the JVM shares unless it brings its own: as many
 * threads (daemon, named {@code flightwire-client-*}) as cores. Reference counted: the first
 * {@link #acquire()} starts it, the {@link #release} that drops the count to zero shuts it down,
 * and a later {@code acquire()} starts a new one. Not API.
 *
 * <p>Thread-safe; the lock is held only to change the count, never while waiting.
 */
public final class SharedClientGroup {
  private static EventLoopGroup group; // guarded by SharedClientGroup.class
  private static int users;            // guarded by SharedClientGroup.class

  private SharedClientGroup() {}

  /** Returns the shared group, starting it if no client uses it now; pair with {@link #release}. */
  public static synchronized EventLoopGroup acquire() {
    if (group == null) {
      group = Transports.newGroup(NettyRuntime.availableProcessors(), "flightwire-client");
    }
    users++;
    return group;
  }

  /**
   * Gives back a group that {@link #acquire()} returned. Returns the shutdown future when this
   * was its last user (the caller may wait on it), else null.
   */
  public static Future<?> release(EventLoopGroup g) {
    synchronized (SharedClientGroup.class) {
      if (g != group) {
        return null; // released twice, or a group already replaced: nothing to count
      }
      if (--users > 0) {
        return null;
      }
      group = null;
    }
    return g.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
