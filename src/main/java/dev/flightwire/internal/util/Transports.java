package dev.flightwire.internal.util;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the Netty transport: native epoll where it loads, NIO otherwise. */
public final class Transports {
  static {
    if (!Epoll.isAvailable()) {
      Logger log = LoggerFactory.getLogger(Transports.class);
      log.debug("Netty's native epoll transport is unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
    }
  }

  private Transports() {}

  public static boolean epoll() {
    return Epoll.isAvailable() && !Boolean.getBoolean("flightwire.nio");
  }

  public static EventLoopGroup newGroup(int threads, String name) {
    IoHandlerFactory f = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), f);
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends Channel> clientChannel() {
    return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** The client channel that runs on {@code group}: epoll for an epoll group, NIO otherwise. */
  public static Class<? extends Channel> clientChannel(EventLoopGroup group) {
    return epollGroup(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Whether {@code group} runs native epoll (and so can serve {@code grpc+unix} channels). */
  public static boolean epollGroup(EventLoopGroup group) {
    return group instanceof io.netty.channel.IoEventLoopGroup io && Epoll.isAvailable()
        && io.isIoType(EpollIoHandler.class);
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
    if (!epoll()) {
      throw new UnsupportedOperationException("grpc+unix locations need Netty's native epoll transport, which "
          + "is not available here: " + Epoll.unavailabilityCause());
    }
  }

  public static String name() {
    return epoll() ? "epoll" : "nio";
  }
}
