package dev.flightwire.internal.inprocess;

import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.server.ServerBinding;
import dev.flightwire.internal.tls.ServerTlsContexts;
import dev.flightwire.internal.util.ChannelTuning;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
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

  /** The event loops of every in-process connection: daemon threads, started on first use. */
  private static final class Loops {
    static final EventLoopGroup GROUP = new DefaultEventLoopGroup(
        Math.max(2, Runtime.getRuntime().availableProcessors()), new DefaultThreadFactory("flightwire-inprocess", true));
  }

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
    InProcessConnection c = new InProcessConnection(Loops.GROUP.next(), name, acceptor, clientConfig, config,
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
    long deadline = System.nanoTime() + graceNanos;
    while (System.nanoTime() < deadline && anyOpen()) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (InProcessConnection c : java.util.List.copyOf(connections)) {
      c.eventLoop().submit(c::closeNow).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    connections.clear();
  }

  /** Whether a call is still open on a connection (asks each connection's event loop). */
  private boolean anyOpen() {
    for (InProcessConnection c : connections) {
      io.netty.util.concurrent.Future<Integer> n = c.eventLoop().submit(c::openStreams);
      if (!n.awaitUninterruptibly(1, TimeUnit.SECONDS) || n.getNow() == null || n.getNow() > 0) {
        return true;
      }
    }
    return false;
  }
}
