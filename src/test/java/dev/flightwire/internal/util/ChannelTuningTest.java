package dev.flightwire.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelTuning#tuneAccepted}: an accepted connection from a loopback peer gets the fixed
 * send buffer, one from another address of this host keeps the kernel's.
 */
class ChannelTuningTest {
  private EventLoopGroup group;
  private Channel listener;
  private CompletableFuture<Channel> accepted;

  @BeforeEach
  void listen() {
    group = Transports.newGroup(1, "tuning-test");
    accepted = new CompletableFuture<>();
    listener = new ServerBootstrap()
        .group(group)
        .channel(Transports.serverChannel())
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ChannelTuning.tuneAccepted(ch);
            accepted.complete(ch);
          }
        })
        .bind(new InetSocketAddress(0)).syncUninterruptibly().channel();
  }

  @AfterEach
  void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The send buffer of the connection accepted when a client connects to {@code to}. */
  private int acceptedSendBuffer(InetAddress to) throws Exception {
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    try (Socket s = new Socket(to, port)) {
      Channel ch = accepted.get(10, TimeUnit.SECONDS);
      // read on the event loop, after initChannel ran there
      return ch.eventLoop().submit(() -> ch.config().getOption(ChannelOption.SO_SNDBUF)).get(10, TimeUnit.SECONDS);
    }
  }

  /** What the kernel reports for a send buffer set to the fixed size: Linux reports twice the size set. */
  private static int fixedSize() {
    int size = ChannelTuning.LOOPBACK_SEND_BUFFER;
    return System.getProperty("os.name").startsWith("Linux") ? 2 * size : size;
  }

  @Test
  void loopbackPeerGetsTheFixedSendBuffer() throws Exception {
    assumeTrue(ChannelTuning.LOOPBACK_SEND_BUFFER > 0, "the fixed loopback send buffer is off here");
    assertEquals(fixedSize(), acceptedSendBuffer(InetAddress.getLoopbackAddress()));
  }

  @Test
  void aKernelThatWouldCapTheSizeKeepsAutotuning() throws Exception {
    Path max = Paths.get("/proc/sys/net/core/wmem_max");
    assumeTrue(Files.isReadable(max), "not Linux");
    long cap = Long.parseLong(ChannelTuning.firstLine(max));
    assertTrue(ChannelTuning.kernelAllows((int) Math.min(cap, Integer.MAX_VALUE)));
    if (cap < Integer.MAX_VALUE) {
      assertFalse(ChannelTuning.kernelAllows((int) cap + 1));
    }
  }

  @Test
  void otherPeerKeepsTheKernelsSendBuffer() throws Exception {
    InetAddress own = null;
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (nic.isUp() && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && own == null) {
          own = a;
        }
      }
    }
    assumeTrue(own != null, "no non-loopback address on this host");
    assumeTrue(ChannelTuning.LOOPBACK_SEND_BUFFER > 0, "the fixed loopback send buffer is off here");
    assertNotEquals(fixedSize(), acceptedSendBuffer(own));
  }
}
