package dev.flightwire.internal.server;

import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.tls.ServerTlsContexts;
import java.io.IOException;

/** Where a server takes its calls from: the network ({@link ServerTransport}) or in-process. */
public interface ServerBinding {
  /**
   * Starts taking calls for {@code acceptor}; returns once ready.
   *
   * @param tls the TLS contexts, or null for plaintext
   * @throws IOException when the location cannot be bound
   */
  void bind(ServerTlsContexts tls, StreamAcceptor acceptor) throws IOException;

  /** Whether {@link #bind} has succeeded. */
  boolean bound();

  /** The bound TCP port; -1 when there is none. Only after {@link #bind}. */
  int port();

  /**
   * Takes no new calls, waits up to {@code graceNanos} for those open, then ends the rest
   * (cancelling them). Blocks until done. Does nothing when not bound.
   */
  void shutdown(long graceNanos);
}
