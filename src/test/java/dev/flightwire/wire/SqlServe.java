package dev.flightwire.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/flightwire.jar serve --sql --dir DIR --port 0 [ARGS]} in its own
 * process, as a user runs it; closing it stops it with SIGTERM and checks that it shut down
 * cleanly.
 */
final class SqlServe implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on grpc\\+tcp://localhost:(\\d+)");

  private final Process process;
  private final int port;
  private final StringBuilder log = new StringBuilder();
  private Thread drain;

  private SqlServe(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Path jar() {
    Path jar = Paths.get("target", "flightwire.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new AssertionError("target/flightwire.jar is missing: *IT tests run after `package` (mvn verify)");
    }
    return jar;
  }

  /** Starts the server and waits (at most 120 s) for its listening line. */
  static SqlServe start(Path dir, String... extra) throws IOException {
    List<String> c = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString(), "serve", "--sql", "--dir", dir.toString(), "--port", "0"));
    c.addAll(List.of(extra));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    p.getOutputStream().close();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    // a server that hangs silently would block readLine: the watchdog ends it at the deadline
    java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS).execute(() -> {
      if (!started.get()) {
        p.destroyForcibly();
      }
    });
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        started.set(true);
        SqlServe s = new SqlServe(p, Integer.parseInt(m.group(1)));
        s.drain = new Thread(() -> s.drain(out), "sql-serve-output");
        s.drain.setDaemon(true);
        s.drain.start();
        return s;
      }
      seen.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new IOException("serve --sql did not start: " + c + "\n" + seen);
  }

  private void drain(BufferedReader out) {
    try {
      String l;
      while ((l = out.readLine()) != null) {
        synchronized (log) {
          if (log.length() < 200_000) {
            log.append(l).append('\n');
          }
        }
      }
    } catch (IOException ignored) {
      // stopped
    }
  }

  int port() {
    return port;
  }

  /** What it printed after the listening line. */
  String log() {
    synchronized (log) {
      return log.toString();
    }
  }

  /** Stops it as Ctrl-C would; fails unless it stopped within 20 s without an exception or a leak. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("serve --sql did not stop within 20 s of SIGTERM\n" + log());
    }
    drain.join(10_000);
    String text = log();
    // a stack trace, or Arrow's or Netty's leak reports
    if (text.contains("\tat ") || text.contains("Memory was leaked") || text.contains("LEAK:")
        || text.toLowerCase(Locale.ROOT).contains("leaked")) {
      throw new AssertionError("serve --sql did not shut down cleanly:\n" + text);
    }
  }
}
