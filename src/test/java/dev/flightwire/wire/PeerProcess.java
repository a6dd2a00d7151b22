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
  private Thread drain;

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
        peer.drain = new Thread(() -> peer.drain(out), "peer-output");
        peer.drain.setDaemon(true);
        peer.drain.start();
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

  /**
   * Writes {@code line} to the server's stdin and waits (at most {@code timeoutMillis}) for the
   * next line of its output that starts with {@code replyPrefix}.
   *
   * @return that line
   * @throws IOException when no such line came in time
   */
  String request(String line, String replyPrefix, long timeoutMillis) throws IOException, InterruptedException {
    int from;
    synchronized (log) {
      from = log.length();
    }
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      String text;
      synchronized (log) {
        text = log.substring(Math.min(from, log.length()));
      }
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length - 1; i++) { // the last one is not complete yet
        if (lines[i].startsWith(replyPrefix)) {
          return lines[i];
        }
      }
      Thread.sleep(10);
    }
    throw new IOException("no '" + replyPrefix + "' line after '" + line + "' in " + timeoutMillis + " ms:\n" + log());
  }

  /**
   * Closes the server's stdin and waits (at most {@code timeoutSeconds}) for it to exit; kills it
   * otherwise.
   *
   * @return its exit status, -1 when it had to be killed
   */
  int stop(long timeoutSeconds) throws IOException, InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it is gone already
    }
    if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      drain.join(2000); // its last lines
      return process.exitValue();
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    return -1;
  }

  @Override
  public void close() throws Exception {
    stop(5);
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
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
