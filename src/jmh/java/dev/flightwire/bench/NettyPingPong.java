package dev.flightwire.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.NettyRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The latency floor of a blocking call over Netty: the ping-pong of {@link RawPingPong} (the same
 * request and response sizes, the same command line and output), but with the threads a Netty
 * client and server use and no protocol at all. The calling thread hands its request to the
 * client's event loop and waits; the server's event loop answers as the request arrives (as a
 * handler run on the event loop would); the client's event loop wakes the caller. That is four
 * thread wake-ups per call where the raw ping-pong has two, and it is what any Flight client and
 * server on Netty with blocking calls pay before the first byte of HTTP/2 or gRPC. Native epoll,
 * TCP_NODELAY; {@code --unix PATH} for a Unix socket. Each client thread has a connection of its
 * own, on one client event loop group of one thread per processor (flightwire's client default).
 */
public final class NettyPingPong {
  private NettyPingPong() {}

  public static void main(String[] args) throws Exception {
    PingPongOptions o = PingPongOptions.parse(args);
    SocketAddress address = o.unix != null ? new DomainSocketAddress(o.unix) : new InetSocketAddress(o.host, o.port);
    if (o.server()) {
      serve(address, o.request, o.response);
      return;
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(NettyRuntime.availableProcessors(),
        EpollIoHandler.newFactory());
    try {
      o.runClient(() -> o.calls(() -> connect(group, address, o.request, o.response)));
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  /**
   * One connection's waiting caller: the event loop counts response bytes and wakes it per
   * response; a lost connection wakes it with the failure.
   */
  private static final class Caller extends ChannelInboundHandlerAdapter {
    private final int response;
    private int received;
    private int answers;
    private Throwable lost;

    Caller(int response) {
      this.response = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      received += b.readableBytes();
      b.release();
      int complete = received / response;
      if (complete > 0) {
        received -= complete * response;
        synchronized (this) {
          answers += complete;
          notifyAll();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      lose(new IOException("connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      lose(cause);
      ctx.close();
    }

    private synchronized void lose(Throwable cause) {
      if (lost == null) {
        lost = cause;
      }
      notifyAll();
    }

    synchronized void awaitAnswer() throws InterruptedException, IOException {
      while (answers == 0 && lost == null) {
        wait();
      }
      if (answers == 0) {
        throw new IOException("no answer: " + lost, lost);
      }
      answers--;
    }
  }

  /** A connection whose calls hand the request to the client's event loop and wait for the answer. */
  private static PingPongOptions.Connection connect(EventLoopGroup group, SocketAddress address, int request,
      int response) throws InterruptedException {
    Caller caller = new Caller(response);
    Bootstrap b = new Bootstrap().group(group).handler(caller);
    if (address instanceof DomainSocketAddress) {
      b.channel(EpollDomainSocketChannel.class);
    } else {
      b.channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
    }
    Channel ch = b.connect(address).sync().channel();
    return new PingPongOptions.Connection() {
      @Override
      public void call() throws InterruptedException, IOException {
        ByteBuf out = ch.alloc().directBuffer(request);
        out.writeZero(request);
        ch.writeAndFlush(out, ch.voidPromise());
        caller.awaitAnswer();
      }

      @Override
      public void close() throws InterruptedException {
        ch.close().sync();
      }
    };
  }

  /** Answers every complete request with a response, on the event loop that read it. */
  private static final class Answerer extends ChannelInboundHandlerAdapter {
    private final int request;
    private final int response;
    private int received;

    Answerer(int request, int response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      received += b.readableBytes();
      b.release();
      while (received >= request) {
        received -= request;
        ByteBuf out = ctx.alloc().directBuffer(response);
        out.writeZero(response);
        ctx.write(out, ctx.voidPromise());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that went away
    }
  }

  private static void serve(SocketAddress address, int request, int response) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, EpollIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap().group(group).childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new Answerer(request, response));
      }
    });
    Channel server;
    if (address instanceof DomainSocketAddress d) {
      Files.deleteIfExists(Path.of(d.path()));
      server = b.channel(EpollServerDomainSocketChannel.class).bind(address).sync().channel();
      System.out.println("Server listening on unix:" + d.path());
    } else {
      server = b.channel(EpollServerSocketChannel.class).childOption(ChannelOption.TCP_NODELAY, true)
          .bind(address).sync().channel();
      System.out.println("Server listening on localhost:" + ((InetSocketAddress) server.localAddress()).getPort());
    }
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
    } catch (IOException ignored) {
      // closed
    }
    server.close().sync();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    if (address instanceof DomainSocketAddress d) {
      Files.deleteIfExists(Path.of(d.path()));
    }
  }
}
