package dev.flightwire.internal.util;

import dev.flightwire.internal.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own by {@link NativesTest}: prints, one {@code key=value} a line, the
 * transport and TLS engine flightwire chooses, the Netty native libraries mapped into the process
 * (Linux), and only then whether epoll and BoringSSL would load here.
 */
public final class NativesProbe {
  private NativesProbe() {}

  public static void main(String[] args) throws IOException {
    System.out.println("natives.allowed=" + Natives.allowed());
    System.out.println("transport=" + Transports.name());
    System.out.println("serverChannel=" + Transports.serverChannel().getSimpleName());
    System.out.println("clientChannel=" + Transports.clientChannel().getSimpleName());
    EventLoopGroup group = Transports.newGroup(1, "probe");
    System.out.println("group.epoll=" + ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class));
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    System.out.println("sslProvider=" + TlsContexts.provider());
    SslContext client = TlsContexts.client(null, null, null, true);
    System.out.println("sslContext=" + client.getClass().getSimpleName());
    ReferenceCountUtil.release(client);
    Path maps = Paths.get("/proc/self/maps");
    if (Files.isReadable(maps)) {
      TreeSet<String> loaded = new TreeSet<>();
      for (String line : Files.readAllLines(maps)) {
        int slash = line.lastIndexOf('/');
        if (slash >= 0 && line.substring(slash).contains("netty_")) {
          loaded.add(line.substring(slash + 1));
        }
      }
      System.out.println("loadedNatives=" + String.join(",", loaded));
    }
    // last: these load the libraries
    System.out.println("epoll.available=" + Epoll.isAvailable());
    System.out.println("openssl.available=" + OpenSsl.isAvailable());
  }
}
