package dev.flightwire.internal.call;

/**
 * Marks the threads that run a server's handlers directly on an event loop (the server's
 * {@code directExecutor()} option) and refuses blocking waits there: a handler on the event loop
 * that waited for a message, for room in the outbound buffer, for its bytes to reach the socket or
 * for another call's response would stop every call of the loop, or wait forever for work only
 * that loop can do. Every blocking wait of a call ({@link CallStream}) asks {@link #checkMayBlock}
 * first, so such a handler fails at once with a message that names the cause.
 */
public final class DirectGuard {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private DirectGuard() {}

  /** Starts running a handler directly on this thread (an event loop). Pair with {@link #exit()}. */
  public static void enter() {
    DEPTH.get()[0]++;
  }

  /** Ends what {@link #enter()} started. */
  public static void exit() {
    DEPTH.get()[0]--;
  }

  /** Whether this thread runs a handler on the event loop now. */
  public static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  /**
   * Throws when this thread runs a handler on the event loop: it must not wait.
   *
   * @param what the wait, for the message ("read a message", ...)
   * @throws IllegalStateException on such a thread
   */
  public static void checkMayBlock(String what) {
    if (active()) {
      throw new IllegalStateException("a handler of a server built with directExecutor() tried to " + what
          + ", which would block the event loop: such handlers must not block (use the asynchronous methods,"
          + " or remove directExecutor())");
    }
  }
}
