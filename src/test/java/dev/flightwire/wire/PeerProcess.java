package dev.flightwire.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer in its own process. Servers print {@code Server listening on localhost:<port>} first and
 * stop when their stdin closes (or when killed); clients run to completion.
 */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final StringBuilder log = new StringBuilder();

  private PeerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server and waits (at most 120 s) for its listening line. */
  static PeerProcess startServer(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String prefix = "Server listening on localhost:";
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      if (line.startsWith(prefix)) {
        PeerProcess peer = new PeerProcess(p, Integer.parseInt(line.substring(prefix.length()).trim()));
        Thread drain = new Thread(() -> peer.drain(out), "peer-output");
        drain.setDaemon(true);
        drain.start();
        return peer;
      }
      seen.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new IOException("peer server did not start: " + command + "\n" + seen);
  }

  private void drain(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (log) {
          if (log.length() < 200_000) {
            log.append(line).append('\n');
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  int port() {
    return port;
  }

  String log() {
    synchronized (log) {
      return log.toString();
    }
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Output of a finished client process. */
  record Output(int exitCode, String text) {}

  /** Runs a client process to completion, killing it after {@code timeout}. */
  static Output run(List<String> command, long timeout, TimeUnit unit) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    StringBuilder text = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (text) {
            text.append(line).append('\n');
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    reader.start();
    boolean done = p.waitFor(timeout, unit);
    if (!done) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(5000);
    synchronized (text) {
      return new Output(done ? p.exitValue() : -1, (done ? "" : "TIMED OUT after " + timeout + " " + unit + "\n") + text);
    }
  }
}
