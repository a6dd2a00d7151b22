package dev.flightwire.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flight server in a process of its own: {@code flightwire serve ...} from the library's runnable
 * jar, or a Python program of the pyarrow venv. Waits for the line announcing its location.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

  private final Process process;
  private final String location;
  private final StringBuilder log = new StringBuilder();

  private ServerProcess(Process process, String location) {
    this.process = process;
    this.location = location;
  }

  /** {@code java -jar flightwire.jar serve ARGS}. */
  static ServerProcess flightwire(String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of(java(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx512m",
        "-jar", System.getProperty("flightwire.jar"), "serve"));
    c.addAll(List.of(args));
    return start(c);
  }

  /** {@code python SCRIPT ARGS} with the pyarrow venv's interpreter, SCRIPT from src/test/python. */
  static ServerProcess python(String script, String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of(System.getProperty("flightwire.python"), "-u",
        System.getProperty("flightwire.pyscripts") + "/" + script));
    c.addAll(List.of(args));
    return start(c);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static ServerProcess start(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        ServerProcess s = new ServerProcess(p, m.group(1));
        Thread drain = new Thread(() -> {
          try {
            String l;
            while ((l = r.readLine()) != null) {
              synchronized (s.log) {
                s.log.append(l).append('\n');
              }
            }
          } catch (IOException ignored) {
            // the process ended
          }
        }, "server-output");
        drain.setDaemon(true);
        drain.start();
        return s;
      }
      seen.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new IOException("the server did not start: " + command + "\n" + seen);
  }

  /** The location it announced, e.g. {@code grpc+tcp://127.0.0.2:41234}. */
  String location() {
    return location;
  }

  /** What it printed after the listening line. */
  String log() {
    synchronized (log) {
      return log.toString();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills it at once (SIGKILL), as a crashed host would go. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
