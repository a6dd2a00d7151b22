package dev.flightwire.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;

/**
 * The latency floor for unary calls: a request/response ping-pong over loopback TCP (TCP_NODELAY)
 * or a Unix socket, with no protocol at all. Each call writes {@code --request} bytes and reads
 * {@code --response} bytes back; the defaults are the bytes a GetFlightInfo call of the bench
 * contract puts on the wire each way once a connection is up (HEADERS, DATA and trailers, measured
 * with a counting relay between flightwire's bench client and server: 38 and 386 bytes).
 *
 * <p>{@code server --port P | --unix PATH} answers every connection in a thread of its own;
 * {@code client --port P | --unix PATH --op info --threads N --calls C --reps R --warmup W} prints
 * the contract's JSON line for {@code info} per measured repetition. Each client thread has its
 * own connection (the floor for N concurrent calls).
 */
public final class RawPingPong {
  private RawPingPong() {}

  public static void main(String[] args) throws Exception {
    PingPongOptions o = PingPongOptions.parse(args);
    SocketAddress address = o.unix != null ? UnixDomainSocketAddress.of(o.unix) : new InetSocketAddress(o.host, o.port);
    if (o.server()) {
      serve(address, o.request, o.response);
    } else {
      o.runClient(() -> o.calls(() -> connect(address, o.request, o.response)));
    }
  }

  /** A connection that writes each request and reads its response on the calling thread. */
  private static PingPongOptions.Connection connect(SocketAddress address, int request, int response)
      throws IOException {
    SocketChannel ch = open(address);
    ByteBuffer out = ByteBuffer.allocateDirect(request);
    ByteBuffer in = ByteBuffer.allocateDirect(response);
    return new PingPongOptions.Connection() {
      @Override
      public void call() throws IOException {
        out.clear();
        while (out.hasRemaining()) {
          ch.write(out);
        }
        readFully(ch, in);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  private static SocketChannel open(SocketAddress address) throws IOException {
    if (address instanceof UnixDomainSocketAddress) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(address);
      return ch;
    }
    SocketChannel ch = SocketChannel.open(address);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    return ch;
  }

  /** Reads until {@code in} is full; false at end of stream before any byte. */
  private static boolean readFully(SocketChannel ch, ByteBuffer in) throws IOException {
    in.clear();
    while (in.hasRemaining()) {
      if (ch.read(in) < 0) {
        if (in.position() == 0) {
          return false;
        }
        throw new IOException("short message");
      }
    }
    return true;
  }

  private static void serve(SocketAddress address, int request, int response) throws IOException {
    ServerSocketChannel server;
    if (address instanceof UnixDomainSocketAddress u) {
      Files.deleteIfExists(u.getPath());
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
      System.out.println("Server listening on unix:" + u.getPath());
    } else {
      server = ServerSocketChannel.open().bind(address);
      System.out.println("Server listening on localhost:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
    }
    System.out.flush();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // serve until stdin closes
        }
      } catch (IOException ignored) {
        // closed
      }
      if (address instanceof UnixDomainSocketAddress u) {
        try {
          Files.deleteIfExists(u.getPath());
        } catch (IOException ignored) {
          // best effort
        }
      }
      System.exit(0);
    });
    watcher.setDaemon(true);
    watcher.start();
    while (true) {
      SocketChannel ch = server.accept();
      if (!(address instanceof UnixDomainSocketAddress)) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      Thread t = new Thread(() -> answer(ch, request, response));
      t.setDaemon(true);
      t.start();
    }
  }

  private static void answer(SocketChannel ch, int request, int response) {
    try (SocketChannel c = ch) {
      ByteBuffer in = ByteBuffer.allocateDirect(request);
      ByteBuffer out = ByteBuffer.allocateDirect(response);
      while (readFully(c, in)) {
        out.clear();
        while (out.hasRemaining()) {
          c.write(out);
        }
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }
}
