package dev.flightwire.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The physical limit for the comparison: the same number of bytes as a bench shape, pushed over
 * one loopback TCP connection from a direct buffer and read into a direct buffer, no framing.
 * {@code server --port P} streams {@code bytes} (an 8-byte request) to each connection;
 * {@code client --port P --shape a --reps R --warmup W} prints contract-style JSON lines.
 */
public final class RawTcp {
  private static final int CHUNK = 1 << 20;

  private RawTcp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = 0;
    String shape = "a";
    int reps = 5;
    int warmup = 1;
    int streams = 1;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--port": port = Integer.parseInt(args[++i]); break;
        case "--shape": shape = args[++i]; break;
        case "--reps": reps = Integer.parseInt(args[++i]); break;
        case "--warmup": warmup = Integer.parseInt(args[++i]); break;
        case "--streams": streams = Integer.parseInt(args[++i]); break;
        default: i++; // options of the bench contract that do not apply
      }
    }
    if (mode.equals("server")) {
      serve(port);
    } else {
      BenchShapes s = BenchShapes.of(shape);
      long perBatch = s == BenchShapes.C ? 566_232_000L / 240 : (long) s.rows() * 32;
      long bytes = perBatch * s.batches();
      for (int r = -warmup; r < reps; r++) {
        long start = System.nanoTime();
        Thread[] ts = new Thread[streams];
        int p = port;
        for (int k = 0; k < streams; k++) {
          ts[k] = new Thread(() -> fetch(p, bytes));
          ts[k].start();
        }
        for (Thread t : ts) {
          t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (r >= 0) {
          System.out.printf(Locale.ROOT, "{\"op\": \"get\", \"shape\": \"%s\", \"streams\": %d, \"rep\": %d, "
              + "\"seconds\": %.6f, \"bytes\": %d, \"batches\": %d, \"rows\": %d}%n", shape, streams, r, secs,
              bytes * streams, (long) s.batches() * streams, (long) s.rows() * s.batches() * streams);
          System.out.flush();
        }
      }
    }
  }

  private static void fetch(int port, long bytes) {
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      ByteBuffer req = ByteBuffer.allocate(8).putLong(0, bytes);
      while (req.hasRemaining()) {
        ch.write(req);
      }
      ByteBuffer in = ByteBuffer.allocateDirect(CHUNK);
      long got = 0;
      while (got < bytes) {
        in.clear();
        int n = ch.read(in);
        if (n < 0) {
          throw new IOException("short stream");
        }
        got += n;
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void serve(int port) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
    System.out.println("Server listening on localhost:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
    System.out.flush();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // serve until stdin closes
        }
      } catch (IOException ignored) {
        // closed
      }
      System.exit(0);
    });
    watcher.setDaemon(true);
    watcher.start();
    ByteBuffer data = ByteBuffer.allocateDirect(CHUNK);
    while (true) {
      SocketChannel ch = server.accept();
      new Thread(() -> {
        try (SocketChannel c = ch) {
          ByteBuffer req = ByteBuffer.allocate(8);
          while (req.hasRemaining()) {
            if (c.read(req) < 0) {
              return;
            }
          }
          long left = req.getLong(0);
          ByteBuffer out = data.duplicate();
          while (left > 0) {
            out.clear();
            out.limit((int) Math.min(CHUNK, left));
            left -= c.write(out);
          }
        } catch (IOException ignored) {
          // client went away
        }
      }).start();
    }
  }
}
