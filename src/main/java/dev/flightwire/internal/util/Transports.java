package dev.flightwire.internal.util;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.LoggerFactory;

/**
 * Chooses the Netty transport, once per process: native epoll where it loads and {@link Natives}
 * allows it, NIO otherwise. With {@code flightwire.native=false} epoll's library is not loaded.
 */
public final class Transports {
  /** Why epoll is not used, or null when it is. */
  private static final String WHY_NOT_EPOLL = whyNotEpoll();
  private static final boolean EPOLL = WHY_NOT_EPOLL == null;

  private Transports() {}

  private static String whyNotEpoll() {
    String why;
    if (!Natives.allowed()) {
      why = Natives.PROPERTY + "=false";
    } else if (!Epoll.isAvailable()) {
      why = "Netty's native epoll transport is unavailable: " + Epoll.unavailabilityCause();
    } else {
      return null;
    }
    LoggerFactory.getLogger(Transports.class).debug("using the NIO transport ({})", why);
    return why;
  }

  /** Whether flightwire's own event loops and channels are native epoll. */
  public static boolean epoll() {
    return EPOLL;
  }

  public static EventLoopGroup newGroup(int threads, String name) {
    IoHandlerFactory f = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), f);
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends Channel> clientChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /**
   * The client channel that runs on {@code group}: epoll for an epoll group (an application's
   * group is used as it is, whatever {@code flightwire.native} says), NIO otherwise.
   */
  public static Class<? extends Channel> clientChannel(EventLoopGroup group) {
    return epollGroup(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether {@code group} runs native epoll (and so can serve {@code grpc+unix} channels). */
  public static boolean epollGroup(EventLoopGroup group) {
    // no Epoll.isAvailable(): an epoll group exists only where epoll loaded, and asking would load
    // the library under flightwire.native=false
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
  }

  /** The server channel for {@code grpc+unix}; needs native epoll. */
  public static Class<? extends ServerChannel> serverDomainChannel() {
    requireEpollForUnix();
    return io.netty.channel.epoll.EpollServerDomainSocketChannel.class;
  }

  /** The client channel for {@code grpc+unix}; needs native epoll. */
  public static Class<? extends Channel> clientDomainChannel() {
    requireEpollForUnix();
    return io.netty.channel.epoll.EpollDomainSocketChannel.class;
  }

  private static void requireEpollForUnix() {
    if (!EPOLL) {
      throw new UnsupportedOperationException("grpc+unix locations need Netty's native epoll transport, which "
          + "is not in use here (" + WHY_NOT_EPOLL + ")");
    }
  }

  /** "epoll" or "nio", for start-up messages. */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }
}
