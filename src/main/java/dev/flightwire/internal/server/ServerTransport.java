package dev.flightwire.internal.server;

import dev.flightwire.ClientCertificateMode;
import dev.flightwire.Location;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.PrefaceGate;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.tls.ServerTlsContexts;
import dev.flightwire.internal.tls.ServerTlsGate;
import dev.flightwire.internal.util.ChannelTuning;
import dev.flightwire.internal.util.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The network side of a FlightServer: the accept and I/O event loops, the listening channel, the
 * pipeline of each connection (TLS or preface gate, then {@link ServerHttp2Handler}), and the
 * two-step shutdown of the connections. Knows nothing of Flight methods: accepted streams go to
 * the {@link StreamAcceptor}. {@link #bind} once; {@link #shutdown} once, from any thread.
 */
public final class ServerTransport implements ServerBinding {
  private final Location location;
  private final Http2Config config;
  private final InboundBudget inboundBudget;
  private final Consumer<String> callLog;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel listener;

  /**
   * @param callLog receives one line per refused TLS handshake; null for none
   */
  public ServerTransport(Location location, Http2Config config, InboundBudget inboundBudget, Consumer<String> callLog) {
    this.location = location;
    this.config = config;
    this.inboundBudget = inboundBudget;
    this.callLog = callLog;
  }

  /**
   * The default bound on received bytes not yet read: a quarter of the JVM's direct memory limit
   * ({@code -XX:MaxDirectMemorySize}, by default the heap limit), where received buffers live;
   * the rest stays for what the server sends, the application's own Arrow buffers, and what
   * clients may still send within windows already granted. Never below 64 MiB (one default
   * connection window), under which a single large upload would be slowed.
   */
  public static long defaultInboundBufferedBytes() {
    long direct = PlatformDependent.maxDirectMemory();
    if (direct <= 0) {
      direct = Runtime.getRuntime().maxMemory();
    }
    return Math.max(direct / 4, 64L << 20);
  }

  /** The factory of the default handler threads: named daemon threads. */
  public static ThreadFactory handlerThreads() {
    return new DefaultThreadFactory("flightwire-server", true);
  }

  /** The TLS contexts of a server, from PEM pairs {certChain, privateKey}. */
  public static ServerTlsContexts tlsContexts(List<byte[][]> pairs, ClientCertificateMode clientCertificates,
      byte[] clientRoots) {
    ClientAuth auth = clientCertificates == ClientCertificateMode.REQUIRED ? ClientAuth.REQUIRE
        : clientCertificates == ClientCertificateMode.OPTIONAL ? ClientAuth.OPTIONAL : ClientAuth.NONE;
    return new ServerTlsContexts(pairs, auth, clientRoots);
  }

  /**
   * Starts the event loops and binds the location; returns once listening.
   *
   * @param tls the TLS contexts, or null for plaintext
   * @throws IOException when the location cannot be bound; the event loops are stopped again
   */
  public void bind(ServerTlsContexts tls, StreamAcceptor dispatcher) throws IOException {
    boolean unix = location.isUnix();
    Class<? extends ServerChannel> channel = unix ? Transports.serverDomainChannel() : Transports.serverChannel();
    boss = Transports.newGroup(1, "flightwire-accept");
    workers = Transports.newGroup(0, "flightwire-io");
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(channel);
    if (!unix) {
      b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
    }
    b.childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.add(ch);
            if (!unix) {
              ChannelTuning.tuneAccepted(ch);
            }
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ServerTlsGate(
                  () -> new ServerHttp2Handler(config, dispatcher, inboundBudget),
                  callLog == null ? null : reason -> callLog.accept("TLS " + reason)));
            } else {
              ch.pipeline().addLast(new PrefaceGate(() -> new ServerHttp2Handler(config, dispatcher, inboundBudget), config.handshakeTimeoutNanos()));
            }
          }
        });
    ChannelTuning.applyChild(b);
    SocketAddress address;
    if (unix) {
      address = new DomainSocketAddress(location.path());
    } else {
      String host = location.host();
      address = host == null || host.equals("0.0.0.0") || host.isEmpty()
          ? new InetSocketAddress(Math.max(location.port(), 0))
          : new InetSocketAddress(host, Math.max(location.port(), 0));
    }
    try {
      listener = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + location + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@link #bind} has succeeded. */
  public boolean bound() {
    return listener != null;
  }

  /** The bound TCP port; -1 on a Unix domain socket. Only after {@link #bind}. */
  public int port() {
    return listener.localAddress() instanceof InetSocketAddress
        ? ((InetSocketAddress) listener.localAddress()).getPort() : -1;
  }

  /**
   * Stops accepting, sends every connection the two-step GOAWAY, waits up to {@code graceNanos}
   * (plus 2 s for connections to close), closes the connections left (cancelling their calls) and
   * stops the event loops. Blocks until done. Does nothing when not bound.
   */
  public void shutdown(long graceNanos) {
    if (listener == null) {
      return;
    }
    listener.close().syncUninterruptibly();
    for (Channel c : connections) {
      c.eventLoop().execute(() -> {
        ServerHttp2Handler h = c.pipeline().get(ServerHttp2Handler.class);
        if (h != null) {
          h.startGracefulShutdown(graceNanos);
        } else {
          c.close(); // no HTTP/2 yet (preface or TLS handshake pending): no call to wait for
        }
      });
    }
    long deadline = System.nanoTime() + graceNanos + TimeUnit.SECONDS.toNanos(2);
    for (Channel c : connections) {
      c.closeFuture().awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    for (Channel c : connections) {
      c.eventLoop().execute(() -> {
        ServerHttp2Handler h = c.pipeline().get(ServerHttp2Handler.class);
        if (h != null) {
          h.closeNow();
        } else {
          c.close();
        }
      });
    }
    for (Channel c : connections) {
      c.closeFuture().awaitUninterruptibly(5000);
    }
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A peer address as gRPC names it: {@code ipv4:host:port}, {@code ipv6:[host]:port} or {@code unix:path}. */
  public static String peerName(SocketAddress a) {
    if (a instanceof InetSocketAddress) {
      InetSocketAddress i = (InetSocketAddress) a;
      String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
      return host.indexOf(':') >= 0 ? "ipv6:[" + host + "]:" + i.getPort() : "ipv4:" + host + ":" + i.getPort();
    }
    if (a instanceof DomainSocketAddress) {
      return "unix:" + ((DomainSocketAddress) a).path();
    }
    return a == null ? "unknown" : a.toString();
  }
}
