package dev.flightwire.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command line and output shared by the unary floors ({@link RawPingPong}, {@link NettyPingPong}):
 * {@code server|client [--host H] [--port P | --unix PATH] [--threads N] [--calls C] [--reps R]
 * [--warmup W] [--request BYTES] [--response BYTES]}; other options of the bench contract
 * ({@code --op info}, {@code --shape}) are accepted and ignored. The defaults of request and
 * response are the bytes a GetFlightInfo call of the bench contract puts on the wire each way.
 */
final class PingPongOptions {
  final String mode;
  String host = "127.0.0.1";
  int port;
  String unix;
  int threads = 1;
  int calls = 20_000;
  int reps = 5;
  int warmup = 1;
  int request = 38;
  int response = 386;

  private PingPongOptions(String mode) {
    this.mode = mode;
  }

  static PingPongOptions parse(String[] args) {
    PingPongOptions o = new PingPongOptions(args[0]);
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--host": o.host = args[++i]; break;
        case "--port": o.port = Integer.parseInt(args[++i]); break;
        case "--unix": o.unix = args[++i]; break;
        case "--threads": o.threads = Integer.parseInt(args[++i]); break;
        case "--calls": o.calls = Integer.parseInt(args[++i]); break;
        case "--reps": o.reps = Integer.parseInt(args[++i]); break;
        case "--warmup": o.warmup = Integer.parseInt(args[++i]); break;
        case "--request": o.request = Integer.parseInt(args[++i]); break;
        case "--response": o.response = Integer.parseInt(args[++i]); break;
        default: i++; // options of the bench contract that do not apply (--op info, --shape)
      }
    }
    return o;
  }

  boolean server() {
    return mode.equals("server");
  }

  /** One repetition of the client. */
  interface Rep {
    /** The latency of every call, in nanoseconds. */
    long[] run() throws Exception;
  }

  /**
   * Runs the warm-up repetitions, then the measured ones, printing the bench contract's JSON
   * line for {@code info} after each measured one.
   */
  void runClient(Rep rep) throws Exception {
    for (int r = -warmup; r < reps; r++) {
      long start = System.nanoTime();
      long[] lat = rep.run();
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(lat);
      if (r >= 0) {
        System.out.printf(Locale.ROOT, "{\"op\": \"info\", \"threads\": %d, \"rep\": %d, \"seconds\": %.6f, "
            + "\"calls\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f}%n", threads, r, secs, calls,
            lat[lat.length / 2] / 1e3, lat[(int) (lat.length * 0.99)] / 1e3);
        System.out.flush();
      }
    }
  }

  /** A client connection: each {@link #call()} writes one request and waits for its response. */
  interface Connection extends AutoCloseable {
    void call() throws Exception;

    @Override
    void close() throws Exception;
  }

  /** Opens one client connection. */
  interface Connector {
    Connection open() throws Exception;
  }

  /**
   * One repetition: {@link #threads} threads, each on a connection of its own, make {@link #calls}
   * calls between them; returns the latency of every call in nanoseconds.
   */
  long[] calls(Connector connector) throws Exception {
    long[] lat = new long[calls];
    AtomicInteger next = new AtomicInteger();
    List<Connection> connections = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    try {
      for (int t = 0; t < threads; t++) {
        Connection c = connector.open();
        connections.add(c);
        workers.add(new Thread(() -> {
          try {
            int i;
            while ((i = next.getAndIncrement()) < calls) {
              long t0 = System.nanoTime();
              c.call();
              lat[i] = System.nanoTime() - t0;
            }
          } catch (Throwable e) {
            synchronized (failure) {
              failure[0] = e;
            }
          }
        }));
      }
      workers.forEach(Thread::start);
      for (Thread w : workers) {
        w.join();
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
    if (failure[0] != null) {
      throw new IllegalStateException("ping-pong failed", failure[0]);
    }
    return lat;
  }
}
