package dev.flightwire.internal.client;

import dev.flightwire.internal.http2.ClientConnection;
import java.util.concurrent.CompletableFuture;

/** Where a client's calls get their connection: the network ({@link ClientConnector}) or in-process. Thread-safe. */
public interface Connections {
  /**
   * The connection for a new call, connecting if needed; waits at most until
   * {@code deadlineNanoTime} ({@code Long.MAX_VALUE}: the connect timeout only).
   *
   * @throws dev.flightwire.FlightError UNAVAILABLE when it cannot connect, TIMED_OUT at the deadline
   */
  ClientConnection connection(long deadlineNanoTime);

  /** The same without waiting; the future may complete on an event loop. */
  CompletableFuture<? extends ClientConnection> connectionAsync(long deadlineNanoTime);

  /**
   * Closes the transport, once: runs {@code cancelCalls}, then closes the connection.
   *
   * @return false when already closed
   */
  boolean close(Runnable cancelCalls);
}
