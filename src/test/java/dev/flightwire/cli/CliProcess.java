package dev.flightwire.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the built jar as a user would ({@code java -jar target/flightwire.jar ...}) in a child
 * process: a command to completion, with stdout and stderr kept apart, or {@code serve} in the
 * background until closed.
 */
public final class CliProcess {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

  private CliProcess() {}

  static Path jar() {
    Path jar = Paths.get("target", "flightwire.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new AssertionError("target/flightwire.jar is missing: *IT tests run after `package` (mvn verify)");
    }
    return jar;
  }

  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java -jar flightwire.jar ARGS}, with {@link #startupFlags()}. */
  static List<String> command(String... args) {
    List<String> c = new ArrayList<>(List.of(java()));
    c.addAll(startupFlags());
    c.addAll(List.of("-jar", jar().toString()));
    c.addAll(List.of(args));
    return c;
  }

  private static List<String> startupFlags;

  /**
   * JVM options that start the jar's short commands in about half the time, and change nothing
   * else they do: the client compiler only, and a class-data archive of the classes a download
   * loads (made once per test JVM, by a {@code get} from a {@code serve} of this jar; the archive
   * belongs to this jar file, so it is made anew for every build). Without the archive (it could
   * not be made), just the client compiler.
   */
  static synchronized List<String> startupFlags() {
    if (startupFlags != null) {
      return startupFlags;
    }
    List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
    startupFlags = flags;
    try {
      Path dir = Files.createTempDirectory("flightwire-cli-cds");
      dir.toFile().deleteOnExit();
      Path archive = dir.resolve("flightwire.jsa");
      try (Server server = Server.start("--port", "0")) {
        List<String> dump = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1",
            "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar().toString(), "get", server.location(),
            "dataset/sales"));
        Result r = run(dump, Map.of());
        if (r.exit() == 0 && Files.exists(archive)) {
          archive.toFile().deleteOnExit();
          flags.add("-XX:SharedArchiveFile=" + archive);
          // an archive the JVM cannot use is only slower: no warning into the output tests compare
          flags.add("-Xlog:cds=off");
          flags.add("-Xlog:cds+dynamic=off");
        }
      }
    } catch (IOException | InterruptedException | AssertionError e) {
      // the commands start without the archive, only slower
    }
    return startupFlags;
  }

  /** A finished command: exit code, stdout and stderr (UTF-8). */
  record Result(int exit, String out, String err) {
    /** For assertion messages. */
    String show() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  static Result run(String... args) throws IOException, InterruptedException {
    return run(command(args), Map.of());
  }

  /** Runs {@code command} with stdin closed, extra environment {@code env}, for at most 120 s. */
  static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("COLUMNS");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = copy(p.getInputStream(), out);
    Thread e = copy(p.getErrorStream(), err);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      o.join(5000);
      e.join(5000);
      throw new AssertionError("timed out after 120 s: " + command + "\n" + out.toString(StandardCharsets.UTF_8)
          + err.toString(StandardCharsets.UTF_8));
    }
    o.join(10_000);
    e.join(10_000);
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Thread copy(InputStream in, ByteArrayOutputStream to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (to) {
            to.write(buf, 0, n);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "cli-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** {@code serve} running in the background; closing it stops it with SIGTERM, as Ctrl-C would. */
  public static final class Server implements AutoCloseable {
    private final Process process;
    private final String location;
    private final StringBuilder log = new StringBuilder();
    private Thread drain;

    private Server(Process process, String location) {
      this.process = process;
      this.location = location;
    }

    /**
     * Starts {@code serve ARGS} and waits for its "listening on" line, at most 120 s (a server
     * that prints nothing by then is killed).
     */
    public static Server start(String... args) throws IOException {
      List<String> c = new ArrayList<>(List.of("serve"));
      c.addAll(List.of(args));
      Process p = new ProcessBuilder(command(c.toArray(new String[0]))).redirectErrorStream(true).start();
      p.getOutputStream().close();
      java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS).execute(() -> {
        if (!started.get()) {
          p.destroyForcibly(); // ends the readLine below
        }
      });
      java.io.BufferedReader r = new java.io.BufferedReader(
          new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          started.set(true);
          Server s = new Server(p, m.group(1));
          Thread drain = new Thread(() -> {
            try {
              String l;
              while ((l = r.readLine()) != null) {
                synchronized (s.log) {
                  s.log.append(l).append('\n');
                }
              }
            } catch (IOException ignored) {
              // stopped
            }
          }, "serve-output");
          drain.setDaemon(true);
          drain.start();
          s.drain = drain;
          return s;
        }
        seen.append(line).append('\n');
      }
      p.destroyForcibly();
      throw new IOException("serve did not start: " + c + "\n" + seen);
    }

    /** The location it printed, e.g. {@code grpc+tcp://localhost:41234}. */
    public String location() {
      return location;
    }

    /** The port of the location it printed. */
    public int port() {
      return Integer.parseInt(location.substring(location.lastIndexOf(':') + 1));
    }

    /** The same server under another scheme, e.g. {@code grpc://localhost:41234}. */
    String location(String scheme) {
      return scheme + location.substring(location.indexOf("://"));
    }

    /** What it printed after the listening line (one line per call). */
    public String log() {
      synchronized (log) {
        return log.toString();
      }
    }

    /**
     * Stops the server as Ctrl-C would and checks that it shut down cleanly: its allocator closed
     * without a leak, no exception printed.
     */
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("serve did not stop within 20 s of SIGTERM\n" + log());
      }
      drain.join(10_000);
      String text = log();
      if (text.contains("Exception") || text.toLowerCase(java.util.Locale.ROOT).contains("leak")) {
        throw new AssertionError("serve did not shut down cleanly:\n" + text);
      }
    }
  }
}
