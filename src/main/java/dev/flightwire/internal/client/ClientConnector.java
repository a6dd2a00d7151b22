package dev.flightwire.internal.client;

import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightError;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.internal.http2.ClientHttp2Handler;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.tls.TlsContexts;
import dev.flightwire.internal.tls.TlsErrors;
import dev.flightwire.internal.util.SharedClientGroup;
import dev.flightwire.internal.util.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of one FlightClient: opens it (TCP or Unix socket, TLS with ALPN h2, the
 * server's first SETTINGS, all within the connect timeout), shares one attempt between the calls
 * that wait for it, opens a new one when the connection is lost or draining (GOAWAY), and closes
 * it with the event loops it uses. Thread-safe: {@link #lock} guards the connection state and is
 * never held while waiting.
 */
public final class ClientConnector implements Connections {
  private static final Logger LOG = LoggerFactory.getLogger("dev.flightwire.FlightClient");

  private final Location location;
  private final FlightClientOptions options;
  private final EventLoopGroup group;
  private final boolean sharedGroup;
  private final Http2Config config;
  private final io.netty.handler.ssl.SslContext sslContext;
  private final long connectTimeoutNanos;
  /** Guards {@link #connection}, {@link #connecting} and {@link #closed}; never held while waiting. */
  private final Object lock = new Object();
  private volatile ClientHttp2Handler connection;
  private Connecting connecting;
  private volatile boolean closed;

  /**
   * Reads the transport options; connects nothing yet. Acquires the shared event loops when the
   * options name none ({@link #close} releases them).
   *
   * @throws IllegalArgumentException when TLS material cannot be read or a transport setting is
   *     outside what HTTP/2 allows
   */
  public ClientConnector(Location location, FlightClientOptions options) {
    this.config = Http2Config.defaults().withMaxInboundMessageSize(options.maxInboundMessageSize())
        .withTransport(options.streamWindow(), options.connectionWindow(), options.maxFrameSize(),
            options.outboundBufferBytes());
    this.location = location;
    this.options = options;
    this.sslContext = location.isTls() ? TlsContexts.client(options.tlsRootCerts(), options.certChain(),
        options.privateKey(), !options.disableServerVerification()) : null;
    this.connectTimeoutNanos = options.connectTimeout().toNanos();
    this.sharedGroup = options.eventLoopGroup() == null;
    this.group = sharedGroup ? SharedClientGroup.acquire() : options.eventLoopGroup();
  }

  /** One connection attempt, shared by every caller that waits for it. */
  private static final class Connecting {
    final java.util.concurrent.CompletableFuture<ClientHttp2Handler> ready = new java.util.concurrent.CompletableFuture<>();
    volatile Channel channel;
  }

  /**
   * The connection for a new call: the open one, or the one being opened, else a new attempt.
   * Waits at most until {@code deadlineNanoTime} ({@code Long.MAX_VALUE}: the attempt's own
   * connect timeout only); no lock is held while waiting, so other callers and {@link #close}
   * never queue behind a slow connect.
   */
  @Override
  public ClientHttp2Handler connection(long deadlineNanoTime) {
    java.util.concurrent.CompletableFuture<ClientHttp2Handler> ready = connectionFuture();
    if (!ready.isDone()) {
      dev.flightwire.internal.call.DirectGuard.checkMayBlock("wait for a client's connection");
    }
    try {
      if (deadlineNanoTime == Long.MAX_VALUE) {
        return ready.get();
      }
      return ready.get(Math.max(0, deadlineNanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw connectDeadline();
    } catch (java.util.concurrent.ExecutionException e) {
      throw copyOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlightCancelledError("interrupted while connecting to " + location, e);
    }
  }

  private FlightTimedOutError connectDeadline() {
    return new FlightTimedOutError("deadline exceeded while connecting to " + location
        + " (the connection was not up before the call's timeout ran out)");
  }

  /**
   * The connection for a new call without waiting: completed with the open one, or the future of
   * the attempt under way (started if none). Its completion may run on the event loop.
   *
   * @throws FlightUnavailableError when the client is closed
   */
  private java.util.concurrent.CompletableFuture<ClientHttp2Handler> connectionFuture() {
    ClientHttp2Handler c = connection;
    if (c != null && !c.isDraining() && !closed) {
      return java.util.concurrent.CompletableFuture.completedFuture(c);
    }
    Connecting attempt;
    boolean start = false;
    synchronized (lock) {
      if (closed) {
        throw new FlightUnavailableError("the client is closed");
      }
      c = connection;
      if (c != null && !c.isDraining()) {
        return java.util.concurrent.CompletableFuture.completedFuture(c);
      }
      attempt = connecting;
      if (attempt == null) {
        attempt = new Connecting();
        connecting = attempt;
        start = true;
      }
    }
    if (start) {
      startConnect(attempt);
    }
    return attempt.ready;
  }

  /**
   * {@link #connectionFuture()} bounded by a call's deadline: fails with
   * {@link FlightTimedOutError} when the connection is not up by then, and with a fresh copy of
   * the attempt's error when the attempt fails. Never blocks.
   */
  @Override
  public java.util.concurrent.CompletableFuture<ClientHttp2Handler> connectionAsync(long deadlineNanoTime) {
    java.util.concurrent.CompletableFuture<ClientHttp2Handler> ready = connectionFuture();
    if (ready.isDone() && !ready.isCompletedExceptionally()) {
      return ready;
    }
    java.util.concurrent.CompletableFuture<ClientHttp2Handler> bounded = new java.util.concurrent.CompletableFuture<>();
    ready.whenComplete((h, e) -> {
      if (e == null) {
        bounded.complete(h);
      } else {
        bounded.completeExceptionally(copyOf(e instanceof java.util.concurrent.CompletionException
            && e.getCause() != null ? e.getCause() : e));
      }
    });
    if (deadlineNanoTime != Long.MAX_VALUE && !bounded.isDone()) {
      io.netty.util.concurrent.ScheduledFuture<?> timer = group.next().schedule(
          () -> bounded.completeExceptionally(connectDeadline()),
          Math.max(0, deadlineNanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
      bounded.whenComplete((h, e) -> timer.cancel(false));
    }
    return bounded;
  }

  /** A fresh error of the same kind as {@code cause} (a shared attempt's failure), for this thread. */
  public static FlightError copyOf(Throwable cause) {
    if (cause instanceof FlightCancelledError) {
      return new FlightCancelledError(cause.getMessage(), cause);
    }
    if (cause instanceof FlightTimedOutError) {
      return new FlightTimedOutError(cause.getMessage(), cause);
    }
    return new FlightUnavailableError(cause.getMessage(), cause);
  }

  /**
   * Starts a connection attempt without waiting for it: TCP connect, TLS handshake (ALPN h2),
   * then the server's first SETTINGS, all within the connect timeout. The attempt's future
   * completes on the event loop; a failed attempt closes its channel.
   */
  private void startConnect(Connecting attempt) {
    java.util.concurrent.CompletableFuture<ClientHttp2Handler> ready = attempt.ready;
    ready.whenComplete((h, e) -> connectDone(attempt, h, e));
    ClientHttp2Handler handler = new ClientHttp2Handler(config, sslContext == null);
    java.util.concurrent.atomic.AtomicReference<SslHandler> ssl = new java.util.concurrent.atomic.AtomicReference<>();
    boolean unix = location.isUnix();
    long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos));
    ChannelFuture f;
    try {
      Bootstrap b = new Bootstrap()
          .group(group)
          .channel(unix ? Transports.clientDomainChannel() : Transports.clientChannel(group))
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      if (!unix) {
        b.option(ChannelOption.TCP_NODELAY, true);
      }
      b.handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          if (sslContext != null) {
            String host = options.overrideHostname() != null ? options.overrideHostname() : location.host();
            ssl.set(sslContext.newHandler(ch.alloc(), host, location.port()));
            ch.pipeline().addLast(ssl.get());
          }
          ch.pipeline().addLast(handler);
        }
      });
      dev.flightwire.internal.util.ChannelTuning.apply(b);
      f = unix ? b.connect(new io.netty.channel.unix.DomainSocketAddress(location.path()))
          : b.connect(location.host(), location.port());
    } catch (RuntimeException e) {
      ready.completeExceptionally(new FlightUnavailableError("cannot connect to " + location + ": " + e.getMessage(), e));
      return;
    }
    attempt.channel = f.channel();
    if (ready.isDone()) {
      f.channel().close(); // the client closed meanwhile
      return;
    }
    io.netty.util.concurrent.ScheduledFuture<?> timer = f.channel().eventLoop().schedule(() -> {
      ready.completeExceptionally(new FlightUnavailableError("no HTTP/2 connection with " + location
          + " within the connect timeout of " + timeoutMillis + " ms"));
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    ready.whenComplete((h, e) -> timer.cancel(false));
    f.addListener((ChannelFuture cf) -> {
      if (!cf.isSuccess()) {
        Throwable cause = cf.cause();
        ready.completeExceptionally(new FlightUnavailableError("cannot connect to " + location + ": "
            + dev.flightwire.internal.util.ConnectFailures.describe(
                unix ? location.path() : location.host() + ":" + location.port(), unix, cause), cause));
        return;
      }
      if (ssl.get() == null) {
        awaitSettings(handler, ready);
        return;
      }
      ssl.get().handshakeFuture().addListener(hs -> {
        if (!hs.isSuccess()) {
          ready.completeExceptionally(new FlightUnavailableError("TLS handshake with " + location + " failed: "
              + TlsErrors.describe(hs.cause()), hs.cause()));
          return;
        }
        String protocol = ssl.get().applicationProtocol();
        if (!io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          ready.completeExceptionally(new FlightUnavailableError("the TLS server at " + location
              + " did not agree to HTTP/2 over ALPN (selected: " + (protocol == null ? "nothing" : protocol)
              + "); it is not a gRPC server"));
          return;
        }
        awaitSettings(handler, ready);
      });
    });
  }

  private void awaitSettings(ClientHttp2Handler handler,
      java.util.concurrent.CompletableFuture<ClientHttp2Handler> ready) {
    handler.serverSettings().whenComplete((v, e) -> {
      if (e == null) {
        ready.complete(handler);
      } else {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        ready.completeExceptionally(new FlightUnavailableError("no HTTP/2 connection with " + location + ": "
            + cause.getMessage(), cause));
      }
    });
  }

  /** An attempt ended (any thread): publish its connection, or drop it and close its channel. */
  private void connectDone(Connecting attempt, ClientHttp2Handler handler, Throwable failure) {
    boolean keep = false;
    synchronized (lock) {
      if (connecting == attempt) {
        connecting = null;
      }
      if (failure == null && !closed) {
        connection = handler;
        keep = true;
      }
    }
    if (!keep) {
      Channel ch = attempt.channel;
      if (ch != null) {
        ch.close();
      }
    }
  }

  /**
   * Closes the client's transport, once: fails a connect under way, runs {@code cancelCalls}
   * (whose RST_STREAM frames are queued ahead of the GOAWAY), then closes the connection and
   * releases the shared event loops, waiting up to 5 s for each unless on one of them.
   *
   * @return false when already closed (nothing was done)
   */
  @Override
  public boolean close(Runnable cancelCalls) {
    Connecting pending;
    ClientHttp2Handler c;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      pending = connecting;
      connecting = null;
      c = connection;
    }
    if (pending != null) {
      pending.ready.completeExceptionally(new FlightCancelledError("client closed while connecting to " + location));
    }
    cancelCalls.run();
    if (c != null) {
      c.eventLoop().execute(c::closeConnection);
      if (!onEventLoopOf(group)
          && !c.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
        LOG.debug("the connection of the client of {} did not close within 5 s", location);
      }
    }
    if (sharedGroup) {
      io.netty.util.concurrent.Future<?> stopped = SharedClientGroup.release(group);
      if (stopped != null && !onEventLoopOf(group)
          && !stopped.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
        LOG.debug("the shared client event loops did not stop within 5 s");
      }
    }
    return true;
  }

  private static boolean onEventLoopOf(EventLoopGroup g) {
    for (io.netty.util.concurrent.EventExecutor e : g) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
