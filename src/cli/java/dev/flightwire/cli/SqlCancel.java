package dev.flightwire.cli;

import dev.flightwire.FlightCancelledError;
import dev.flightwire.ServerCallContext;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Stops the engine's work for a call that is over (the client cancelled it, its deadline passed,
 * its connection closed): the call's cancellation hook calls {@link Statement#cancel()} on the
 * statement running, which interrupts the engine, and the call starts no further statement or
 * batch. The engine interrupts a statement while it executes; a result being streamed stops at
 * the next batch.
 *
 * <p>Thread-safe: the cancel (on a server executor thread) and the call's starting and closing of
 * its statements hold one lock, so a cancel never reaches a closed statement.
 */
final class SqlCancel {
  private final Object lock = new Object();
  private Statement running;
  private boolean cancelled;

  private SqlCancel() {}

  /** A call's cancel: registered with {@code context}'s cancellation hook (none when null). */
  static SqlCancel of(ServerCallContext context) {
    SqlCancel c = new SqlCancel();
    if (context != null) {
      context.onCancel(c::cancel);
    }
    return c;
  }

  /**
   * Marks {@code statement} (borrowed) as the one running from now on; until {@link #close} it
   * is cancelled with the call.
   *
   * @throws FlightCancelledError when the call is already cancelled
   */
  void start(Statement statement) {
    synchronized (lock) {
      check();
      running = statement;
    }
  }

  /**
   * Closes {@code statement} (null: nothing), under the lock the cancel takes.
   */
  void close(AutoCloseable statement) throws Exception {
    synchronized (lock) {
      if (running == statement) {
        running = null;
      }
      if (statement != null) {
        statement.close();
      }
    }
  }

  /** Throws CANCELLED when the call is cancelled. */
  void check() {
    synchronized (lock) {
      if (cancelled) {
        throw new FlightCancelledError("the call was cancelled; the statement was stopped");
      }
    }
  }

  /** The cancellation hook: interrupts the running statement. */
  void cancel() {
    synchronized (lock) {
      cancelled = true;
      if (running != null) {
        try {
          running.cancel();
        } catch (SQLException ignored) {
          // the statement ended meanwhile, or cannot be interrupted: it runs to its end
        }
      }
    }
  }
}
