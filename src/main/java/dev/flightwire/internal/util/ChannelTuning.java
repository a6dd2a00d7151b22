package dev.flightwire.internal.util;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.bootstrap.ServerBootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Socket and buffer settings for Flight connections, chosen by measurement (BENCHMARKS.md):
 * pooled direct buffers from {@link PooledBuffers} (a received message that spans frames is gathered
 * into one buffer of its size, from 1 MiB up in a block kept for reuse by {@link RetainedBlocks}:
 * either way that costs no fresh memory), reads of up to {@link #MAX_READ} bytes, and a
 * write-buffer water mark high enough that the HTTP/2 flow controller hands the socket large
 * gather writes instead of 64 KiB at a time. A server's connection from a loopback address gets
 * a fixed send buffer of {@link #LOOPBACK_SEND_BUFFER} bytes instead of the kernel's autotuned
 * one (4 MiB on the measuring machine): pyarrow clients reading from it spent less CPU faulting
 * in memory their allocator had given back, and the server less CPU per byte (BENCHMARKS.md,
 * "Defaults and why").
 */
public final class ChannelTuning {
  static final int MAX_READ = 1 << 20;
  static final int LOW_WATER = 1 << 20;
  static final int HIGH_WATER = 4 << 20;
  static final boolean POOLED = true;
  /**
   * Send buffer for a server's loopback connections; 0 or less leaves it to the kernel's
   * autotuning, and so does a kernel that would cap the size ({@link #kernelAllows}).
   */
  static final int LOOPBACK_SEND_BUFFER = loopbackSendBuffer(Integer.getInteger("flightwire.loopbackSendBuffer", 512 << 10));

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
   * Called for each connection a server accepts: when the peer's address is a loopback one
   * (127.0.0.0/8, ::1: a client on this host connecting through localhost), sets the socket's
   * send buffer to {@link #LOOPBACK_SEND_BUFFER} bytes (Linux doubles it for its bookkeeping).
   * Any other peer keeps the kernel's autotuned buffer, which a long round trip needs.
   */
  public static void tuneAccepted(Channel ch) {
    // LOOPBACK_SEND_BUFFER is 0 unless the kernel grants the whole size
    if (LOOPBACK_SEND_BUFFER > 0 && isLoopback(ch)) {
      ch.config().setOption(ChannelOption.SO_SNDBUF, LOOPBACK_SEND_BUFFER);
    }
  }

  private static int loopbackSendBuffer(int requested) {
    return requested > 0 && kernelAllows(requested) ? requested : 0;
  }

  /**
   * Whether the kernel grants a send buffer of {@code bytes}: Linux caps a requested size at
   * {@code net.core.wmem_max} (212,992 bytes on a stock kernel), and a smaller fixed buffer than
   * the one measured is not known to help, so then the autotuned one stays. Other systems: true.
   */
  static boolean kernelAllows(int bytes) {
    Path max = Paths.get("/proc/sys/net/core/wmem_max");
    try {
      return !Files.isReadable(max) || Long.parseLong(firstLine(max)) >= bytes;
    } catch (IOException | NumberFormatException e) {
      return true;
    }
  }

  /** The first line of a file, trimmed (Files.readString reads only part of a /proc file). */
  static String firstLine(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line = r.readLine();
      return line == null ? "" : line.trim();
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
