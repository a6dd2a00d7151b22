package dev.flightwire.internal.inprocess;

import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.server.ServerBinding;
import dev.flightwire.internal.tls.ServerTlsContexts;
import dev.flightwire.internal.util.ChannelTuning;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server reachable in this JVM as {@code in-process://NAME}: bound, it is listed by name, and
 * each client that connects gets an {@link InProcessConnection} to it. Thread-safe.
 */
public final class InProcessServer implements ServerBinding {
  private static final ConcurrentHashMap<String, InProcessServer> BOUND = new ConcurrentHashMap<>();

  private final String name;
  private final Http2Config config;
  private final InboundBudget inboundBudget;
  private final Set<InProcessConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile StreamAcceptor acceptor;
  private volatile boolean shutDown;

  public InProcessServer(String name, Http2Config config, InboundBudget inboundBudget) {
    this.name = name;
    this.config = config;
    this.inboundBudget = inboundBudget;
  }

  @Override
  public void bind(ServerTlsContexts tls, StreamAcceptor acceptor) throws IOException {
    if (tls != null) {
      throw new IllegalStateException("an in-process server has no TLS");
    }
    this.acceptor = acceptor;
    if (BOUND.putIfAbsent(name, this) != null) {
      this.acceptor = null;
      throw new IOException("cannot listen on in-process://" + name + ": another server in this JVM has that name");
    }
  }

  @Override
  public boolean bound() {
    return acceptor != null;
  }

  @Override
  public int port() {
    return -1;
  }

  /**
   * A new connection to the server named {@code name}, with the client's transport settings.
   *
   * @return null when no server of that name is running in this JVM
   */
  static InProcessConnection connect(String name, Http2Config clientConfig) {
    InProcessServer s = BOUND.get(name);
    return s == null ? null : s.newConnection(clientConfig);
  }

  private InProcessConnection newConnection(Http2Config clientConfig) {
    InProcessConnection c = new InProcessConnection(new InlineLoop(), name, acceptor, clientConfig, config,
        inboundBudget, ChannelTuning.allocator());
    connections.add(c);
    c.onClosed(() -> connections.remove(c));
    if (shutDown) { // lost a race with shutdown: the connection takes no calls
      c.eventLoop().execute(c::closeNow);
    }
    return c;
  }

  @Override
  public void shutdown(long graceNanos) {
    if (acceptor == null || shutDown) {
      return;
    }
    shutDown = true;
    BOUND.remove(name, this);
    for (InProcessConnection c : connections) {
      c.eventLoop().execute(c::drain);
    }
    long start = System.nanoTime();
    while (System.nanoTime() - start < graceNanos && anyOpen()) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (InProcessConnection c : java.util.List.copyOf(connections)) {
      onLoop(c, () -> {
        c.closeNow();
        return null;
      });
    }
    connections.clear();
  }

  /** Whether a call is still open on a connection (asks each connection's event loop). */
  private boolean anyOpen() {
    for (InProcessConnection c : connections) {
      Integer n = onLoop(c, c::openStreams);
      if (n == null || n > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code task} on the connection's loop and returns its result (null if it did not run
   * within 5 s). On a thread that is running the loop's tasks already (a handler of a server built
   * with directExecutor() that closes the server), it runs at once.
   */
  private static <T> T onLoop(InProcessConnection c, java.util.concurrent.Callable<T> task) {
    try {
      if (c.eventLoop().inEventLoop()) {
        return task.call();
      }
      io.netty.util.concurrent.Future<T> f = c.eventLoop().submit(task);
      return f.awaitUninterruptibly(5, TimeUnit.SECONDS) ? f.getNow() : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
