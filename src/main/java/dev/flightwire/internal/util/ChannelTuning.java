package dev.flightwire.internal.util;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.bootstrap.ServerBootstrap;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Socket and buffer settings for Flight connections, chosen by measurement (BENCHMARKS.md):
 * pooled direct buffers from {@link PooledBuffers} (a received message that spans frames is gathered
 * into one buffer of its size, from 1 MiB up in a block kept for reuse by {@link RetainedBlocks}:
 * either way that costs no fresh memory), reads of up to {@link #MAX_READ} bytes, and a
 * write-buffer water mark high enough that the HTTP/2 flow controller hands the socket large
 * gather writes instead of 64 KiB at a time. A server's connection from this host (a loopback
 * peer) gets a fixed send buffer of {@link #LOOPBACK_SEND_BUFFER} bytes instead of the kernel's
 * autotuned one, which grows to several MiB: on loopback the bytes a write copies into the
 * socket are copied out again by the reader, and with less of them queued they are still in the
 * CPU's cache when the reader takes them (BENCHMARKS.md, "Defaults and why").
 */
public final class ChannelTuning {
  static final int MAX_READ = 1 << 20;
  static final int LOW_WATER = 1 << 20;
  static final int HIGH_WATER = 4 << 20;
  static final boolean POOLED = true;
  /** Send buffer for a server's loopback connections; 0 leaves it to the kernel's autotuning. */
  static final int LOOPBACK_SEND_BUFFER = Integer.getInteger("flightwire.loopbackSendBuffer", 512 << 10);

  /** Replaces the buffer allocator of connections made after the call; null restores the default. */
  private static volatile ByteBufAllocator allocatorOverride;

  private ChannelTuning() {}

  /**
   * For tests that account for buffer allocations: connections made from now on allocate from
   * {@code allocator} (null restores pooled direct buffers). Not API.
   */
  public static void overrideAllocatorForTests(ByteBufAllocator allocator) {
    allocatorOverride = allocator;
  }

  /** Pooled buffers, with large received messages in blocks kept for reuse ({@link RetainingAllocator}). */
  private static final ByteBufAllocator DEFAULT =
      new RetainingAllocator(PooledBuffers.allocator(), RetainedBlocks.shared());

  public static ByteBufAllocator allocator() {
    ByteBufAllocator a = allocatorOverride;
    return a != null ? a : DEFAULT;
  }

  public static void apply(AbstractBootstrap<?, ?> b) {
    if (POOLED) {
      b.option(ChannelOption.ALLOCATOR, allocator());
    }
    b.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65_536, MAX_READ));
    b.option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
  }

  public static void applyChild(ServerBootstrap b) {
    if (POOLED) {
      b.childOption(ChannelOption.ALLOCATOR, allocator());
    }
    b.childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 65_536, MAX_READ));
    b.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
  }

  /**
   * Called for each connection a server accepts: when the peer is on this host (a loopback
   * address), sets the socket's send buffer to {@link #LOOPBACK_SEND_BUFFER} bytes (the kernel
   * doubles it for its bookkeeping). A remote peer keeps the kernel's autotuned buffer, which a
   * long round trip needs.
   */
  public static void tuneAccepted(Channel ch) {
    if (LOOPBACK_SEND_BUFFER > 0 && isLoopback(ch)) {
      ch.config().setOption(ChannelOption.SO_SNDBUF, LOOPBACK_SEND_BUFFER);
    }
  }

  static boolean isLoopback(Channel ch) {
    if (ch.remoteAddress() instanceof InetSocketAddress peer) {
      InetAddress address = peer.getAddress();
      return address != null && address.isLoopbackAddress();
    }
    return false;
  }
}
