package dev.flightwire.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that holds every byte for a fixed time in each direction: the network delay of
 * {@link NetworkChaosTest}, added in user space because the test machine's kernel has no netem.
 * It listens on 127.0.0.1; each connection accepted opens one to the target. In each direction at
 * most {@code bufferBytes} wait in the relay; beyond that it stops reading, so that backpressure
 * reaches the sender as TCP's would on a real path. An end of stream is passed on after the same
 * delay (half-close); an error on either side closes both.
 */
final class DelayRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final int bufferBytes;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean closed;

  DelayRelay(InetSocketAddress target, Duration delay, int bufferBytes) throws IOException {
    this.target = target;
    this.delayNanos = delay.toNanos();
    this.bufferBytes = bufferBytes;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "delay-relay-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      int n = accepted.incrementAndGet();
      Thread t = new Thread(() -> open(client, n), "delay-relay-connect-" + n);
      t.setDaemon(true);
      t.start();
    }
  }

  private void open(Socket client, int n) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 10_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Link link = new Link(client, upstream);
    links.add(link);
    if (closed) {
      link.abort();
      return;
    }
    link.start(n);
  }

  /** Closes the listener and every connection. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    links.forEach(Link::abort);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** One relayed connection: two directions. */
  private final class Link {
    final Socket a;
    final Socket b;
    final Direction up;
    final Direction down;
    volatile boolean aborted;
    int ended;

    Link(Socket a, Socket b) {
      this.a = a;
      this.b = b;
      this.up = new Direction(this, a, b);
      this.down = new Direction(this, b, a);
    }

    void start(int n) {
      up.start("delay-relay-" + n + "-up");
      down.start("delay-relay-" + n + "-down");
    }

    /** A direction passed its end of stream on; once both did, the sockets are closed. */
    void ended() {
      boolean both;
      synchronized (this) {
        both = ++ended == 2;
      }
      if (both) {
        closeQuietly(a);
        closeQuietly(b);
        links.remove(this);
      }
    }

    void abort() {
      aborted = true;
      closeQuietly(a);
      closeQuietly(b);
      up.wake();
      down.wake();
      links.remove(this);
    }
  }

  /** Bytes read from {@code from}, written to {@code to} once their delay has passed. */
  private final class Direction {
    private final Link link;
    private final Socket from;
    private final Socket to;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private int queued;

    Direction(Link link, Socket from, Socket to) {
      this.link = link;
      this.from = from;
      this.to = to;
    }

    void start(String name) {
      Thread reader = new Thread(this::readLoop, name + "-read");
      Thread writer = new Thread(this::writeLoop, name + "-write");
      reader.setDaemon(true);
      writer.setDaemon(true);
      reader.start();
      writer.start();
    }

    synchronized void wake() {
      notifyAll();
    }

    private void readLoop() {
      byte[] buf = new byte[64 * 1024];
      try {
        InputStream in = from.getInputStream();
        while (true) {
          int n = in.read(buf);
          long due = System.nanoTime() + delayNanos;
          synchronized (this) {
            while (queued >= bufferBytes && !link.aborted) {
              wait();
            }
            if (link.aborted) {
              return;
            }
            queue.add(new Chunk(due, n < 0 ? null : Arrays.copyOf(buf, n)));
            queued += Math.max(n, 0);
            notifyAll();
          }
          if (n < 0) {
            return;
          }
        }
      } catch (IOException e) {
        link.abort();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        link.abort();
      }
    }

    private void writeLoop() {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk c;
          synchronized (this) {
            while (queue.isEmpty() && !link.aborted) {
              wait();
            }
            if (link.aborted) {
              return;
            }
            c = queue.peek();
          }
          long left;
          while ((left = c.due - System.nanoTime()) > 0 && !link.aborted) {
            LockSupport.parkNanos(left);
          }
          if (link.aborted) {
            return;
          }
          if (c.data == null) {
            to.shutdownOutput();
            link.ended();
            return;
          }
          out.write(c.data);
          synchronized (this) {
            queue.poll();
            queued -= c.data.length;
            notifyAll();
          }
        }
      } catch (IOException e) {
        link.abort();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        link.abort();
      }
    }
  }

  /** Bytes (null: the end of the stream) and when they may be passed on. */
  private record Chunk(long due, byte[] data) {}
}
