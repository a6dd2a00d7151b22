package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress report as a user sees it: on a pseudo-terminal (wire-tests/python/pty_run.py) a bar
 * redrawn with carriage returns, with percentage, rows, bytes, rate and time left; through pipes
 * plain lines without a carriage return. The demo's streaming/numbers takes about a second (ten
 * batches 100 ms apart) and states its total records, so the bar has time to be drawn.
 *
 * <p>Terminal detection differs between JDK 17 and JDK 22+ (where System.console() is never
 * null), so the checks also run on a JDK 22+ found next to this one, if any.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliProgressIT {
  /** A redraw: a carriage return that does not end a line. */
  private static final Pattern REDRAW = Pattern.compile("\r(get [^\r\n]*)");

  private CliProcess.Server server;
  private String location;

  @BeforeAll
  void start() throws IOException {
    server = CliProcess.Server.start("--port", "0");
    location = server.location("grpc");
  }

  @AfterAll
  void stop() throws InterruptedException {
    server.close();
  }

  private static String python() {
    String p = System.getProperty("flightwire.python");
    return p != null && Files.isExecutable(Paths.get(p)) ? p : "python3";
  }

  private static Path ptyRun() {
    return Paths.get(System.getProperty("flightwire.wiretests", "wire-tests"), "python", "pty_run.py").toAbsolutePath();
  }

  /** Runs the jar with {@code java} on a pseudo-terminal; returns everything the terminal showed. */
  private static CliProcess.Result onTerminal(String java, String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of(python(), ptyRun().toString(), "--cols", "100", java, "-jar",
        CliProcess.jar().toString()));
    c.addAll(List.of(args));
    return CliProcess.run(c, Map.of());
  }

  private static CliProcess.Result throughPipes(String java, String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of(java, "-jar", CliProcess.jar().toString()));
    c.addAll(List.of(args));
    return CliProcess.run(c, Map.of());
  }

  private void checkBarOnATerminal(String java, Path dir) throws Exception {
    Path out = dir.resolve("numbers.csv");
    // A bar drawn midway needs the client to get a batch between two redraws; on a loaded machine
    // a stalled client can take all ten batches at once: up to three downloads to see one.
    String screen = null;
    String midway = null;
    List<String> bars = new ArrayList<>();
    for (int attempt = 1; attempt <= 3 && midway == null; attempt++) {
      Files.deleteIfExists(out);
      CliProcess.Result r = onTerminal(java, "get", location, "streaming/numbers", "--output", out.toString());
      assertEquals(0, r.exit(), r.show());
      screen = r.out();
      bars.clear();
      Matcher m = REDRAW.matcher(screen);
      while (m.find()) {
        bars.add(m.group(1));
      }
      assertTrue(bars.size() >= 3, "expected several redraws:\n" + screen.replace("\r", "<CR>"));
      for (String b : bars) {
        if (b.matches("get \\[=*>? *\\] +[1-9]\\d?% +[\\d,]+ rows +[\\d.]+ (B|KiB|MiB) +[\\d.]+ (B|KiB|MiB)/s  ETA +(\\d+:\\d\\d|--:--) *")) {
          midway = b;
        }
      }
    }
    assertTrue(midway != null, "no bar with a percentage, rows, bytes, rate and time left in three downloads:\n"
        + String.join("\n", bars));
    assertTrue(midway.strip().length() <= 99, midway);
    // the bar is erased, then one summary line
    assertTrue(screen.matches("(?s).*\r {20,}\rget: 10,000 rows in 10 batches, [\\d.]+ KiB in [\\d.]+ s \\([\\d.]+ KiB/s\\)"
        + "\r?\n"), screen.replace("\r", "<CR>"));
    assertEquals(10_001, Files.readAllLines(out).size());
  }

  private void checkLinesThroughPipes(String java) throws Exception {
    CliProcess.Result r = throughPipes(java, "get", location, "streaming/numbers", "--format", "csv");
    assertEquals(0, r.exit(), r.show());
    assertFalse(r.err().contains("\r"), r.show());
    List<String> lines = new ArrayList<>();
    r.err().lines().filter(l -> !l.startsWith("WARNING: ")).forEach(lines::add);
    assertTrue(lines.get(lines.size() - 1).matches("get: 10,000 rows in 10 batches, [\\d.]+ KiB in [\\d.]+ s \\(.*/s\\)"),
        r.show());
    for (String l : lines.subList(0, lines.size() - 1)) {
      assertTrue(l.matches("get: [\\d,]+ rows, [\\d.]+ (B|KiB), \\d+%, [\\d.]+ (B|KiB)/s, ETA (\\d+:\\d\\d|--:--)"), r.show());
    }
    assertEquals(10_001, r.out().lines().count());
    assertFalse(r.out().contains("\r"));
  }

  @Test
  void aBarOnATerminal(@TempDir Path dir) throws Exception {
    checkBarOnATerminal(CliProcess.java(), dir);
  }

  @Test
  void plainLinesThroughPipes() throws Exception {
    checkLinesThroughPipes(CliProcess.java());
  }

  @Test
  void chosenModes(@TempDir Path dir) throws Exception {
    CliProcess.Result none = onTerminal(CliProcess.java(), "get", location, "dataset/sales", "--output",
        dir.resolve("s.csv").toString(), "--progress", "none");
    assertEquals(0, none.exit(), none.show());
    assertEquals("", none.out(), "nothing on the terminal");
    CliProcess.Result lines = onTerminal(CliProcess.java(), "get", location, "streaming/numbers", "--output",
        dir.resolve("n.csv").toString(), "--progress", "lines");
    assertFalse(REDRAW.matcher(lines.out()).find(), lines.show());
    assertTrue(lines.out().contains("get: 10,000 rows in 10 batches"), lines.show());
    CliProcess.Result bar = throughPipes(CliProcess.java(), "get", location, "streaming/numbers", "--format", "csv",
        "--progress", "bar");
    assertTrue(REDRAW.matcher(bar.err()).find(), bar.show());
    CliProcess.Result binary = onTerminal(CliProcess.java(), "get", location, "dataset/sales", "--format", "arrows");
    assertEquals(2, binary.exit(), binary.show());
    assertTrue(binary.out().startsWith("flightwire get: Arrow IPC is binary: give --output FILE, or redirect stdout"),
        binary.show());
    CliProcess.Result piped = throughPipes(CliProcess.java(), "get", location, "dataset/sales", "--format", "arrows");
    assertEquals(0, piped.exit(), piped.show());
    assertTrue(piped.out().startsWith("\uFFFD\uFFFD\uFFFD\uFFFD"), "an IPC stream starts with 0xFFFFFFFF");
  }

  /** A JDK of release 22 or later next to the running one (for example in /usr/lib/jvm), or null. */
  private static String newerJdk() throws IOException {
    Path home = Paths.get(System.getProperty("java.home"));
    Path parent = home.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return null;
    }
    try (Stream<Path> homes = Files.list(parent)) {
      for (Path h : (Iterable<Path>) homes.sorted()::iterator) {
        Path release = h.resolve("release");
        Path java = h.resolve("bin/java");
        if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
          continue;
        }
        Matcher v = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
        if (v.find() && Integer.parseInt(v.group(1)) >= 22) {
          return java.toString();
        }
      }
    }
    return null;
  }

  @Test
  void theSameOnJdk22OrLater(@TempDir Path dir) throws Exception {
    String java = newerJdk();
    Assumptions.assumeTrue(java != null, "no JDK 22+ next to " + System.getProperty("java.home"));
    checkBarOnATerminal(java, dir);
    checkLinesThroughPipes(java);
  }
}
