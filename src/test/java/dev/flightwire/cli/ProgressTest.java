package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress text, the bar and line modes on a captured stderr, and terminal detection. */
class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void numberFormats() {
    assertEquals("0 B", ProgressFormat.bytes(0));
    assertEquals("1023 B", ProgressFormat.bytes(1023));
    assertEquals("1.0 KiB", ProgressFormat.bytes(1024));
    assertEquals("1.5 MiB", ProgressFormat.bytes(3 * 512 * 1024));
    assertEquals("2.0 GiB", ProgressFormat.bytes(2L << 30));
    assertEquals("0:07", ProgressFormat.clock(7));
    assertEquals("12:34", ProgressFormat.clock(754));
    assertEquals("1:02:03", ProgressFormat.clock(3723));
    assertEquals("0.05 s", ProgressFormat.seconds(50_000_000L));
    assertEquals("12.3 s", ProgressFormat.seconds(12_300_000_000L));
    assertEquals("2:05", ProgressFormat.seconds(125 * SECOND));
    assertEquals("1,234,567", ProgressFormat.count(1_234_567));
    assertEquals("512.0 KiB/s", ProgressFormat.rate(1024 * 1024, 2 * SECOND));
  }

  @Test
  void fractionAndTimeLeftComeFromRowsElseBytes() {
    ProgressFormat.Snapshot byRows = new ProgressFormat.Snapshot(250, 999, 1, 1000, 1_000_000, 10 * SECOND);
    assertEquals(0.25, byRows.fraction());
    assertEquals(30, byRows.etaSeconds());
    ProgressFormat.Snapshot byBytes = new ProgressFormat.Snapshot(5, 500, 1, -1, 1000, 2 * SECOND);
    assertEquals(0.5, byBytes.fraction());
    assertEquals(2, byBytes.etaSeconds());
    ProgressFormat.Snapshot unknown = new ProgressFormat.Snapshot(5, 500, 1, -1, -1, 2 * SECOND);
    assertEquals(-1, unknown.fraction());
    assertEquals(-1, unknown.etaSeconds());
  }

  @Test
  void theBarHasAFixedWidthWhenThereIsRoom() {
    ProgressFormat.Snapshot s = new ProgressFormat.Snapshot(4500, 1_258_291, 3, 10_000, -1, 3 * SECOND);
    String bar = ProgressFormat.bar("get", s, 120);
    assertEquals("get [=============>                ]  45%   4,500 rows     1.2 MiB   409.6 KiB/s  ETA  0:04", bar);
    assertEquals(79, ProgressFormat.bar("get", s, 79).length());
    String unknown = ProgressFormat.bar("put", new ProgressFormat.Snapshot(10, 2048, 1, -1, -1, 65 * SECOND), 79);
    assertEquals("put          10 rows     2.0 KiB        31 B/s   1:05 elapsed", unknown);
    String tight = ProgressFormat.bar("get", s, 75);
    assertEquals(75, tight.length(), tight);
    assertEquals("get [======>       ]  45%   4,500 rows     1.2 MiB   409.6 KiB/s  ETA  0:04", tight);
    String narrow = ProgressFormat.bar("get", s, 30);
    assertEquals("get  45%   4,500 rows     1.2 ", narrow);
  }

  @Test
  void theBarKeepsItsLengthAndPlaceAsTheNumbersGrow() {
    long total = 5_000_000;
    for (int width : new int[] {70, 79, 120}) {
      String first = null;
      for (long rows = 0; rows <= total; rows += 37_117) {
        long bytes = rows * 40 + (rows > 0 ? 123_456_789 : 0);
        long nanos = (1 + rows / 10_000) * SECOND / 10;
        String bar = ProgressFormat.bar("get", new ProgressFormat.Snapshot(rows, bytes, rows / 65_536, total, -1, nanos), width);
        if (first == null) {
          first = bar;
        }
        assertEquals(first.length(), bar.length(), width + ": " + first + " | " + bar);
        assertEquals(first.indexOf(']'), bar.indexOf(']'), width + ": " + first + " | " + bar);
        assertTrue(bar.length() <= width, bar);
      }
    }
  }

  @Test
  void linesAndSummary() {
    ProgressFormat.Snapshot s = new ProgressFormat.Snapshot(4500, 1_258_291, 3, 10_000, -1, 3 * SECOND);
    assertEquals("get: 4,500 rows, 1.2 MiB, 45%, 409.6 KiB/s, ETA 0:04", ProgressFormat.line("get", s));
    assertEquals("get: 0 rows, 0 B, 0%, 0 B/s, ETA --:--",
        ProgressFormat.line("get", new ProgressFormat.Snapshot(0, 0, 0, 10_000, -1, 1500L * 1_000_000)));
    assertEquals("get: 4,500 rows in 3 batches, 1.2 MiB in 3.00 s (409.6 KiB/s)", ProgressFormat.summary("get", s));
    assertEquals("put: 1 rows in 1 batch, 10 B in 1.00 s (10 B/s)",
        ProgressFormat.summary("put", new ProgressFormat.Snapshot(1, 10, 1, -1, -1, SECOND)));
  }

  private static Io io(ByteArrayOutputStream err, boolean terminal) {
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new Io(new PrintStream(new ByteArrayOutputStream()), e, Map.of("COLUMNS", "100"), false, terminal);
  }

  @Test
  void onATerminalTheBarIsRedrawnThenErased() throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress p = Progress.start("get", Progress.Mode.AUTO, io(err, true));
    p.totals(100, -1);
    p.add(40, 4000);
    Thread.sleep(350);
    p.add(10, 1000);
    Thread.sleep(250);
    p.finish(null);
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\rget ["), text);
    assertTrue(text.contains(" 40%   40 rows     3.9 KiB  "), text);
    assertTrue(text.contains(" 50%   50 rows     4.9 KiB  "), text);
    assertTrue(text.contains("ETA "), text);
    // erased with blanks before the summary, which is the only line
    int summary = text.lastIndexOf("\r") + 1;
    assertTrue(text.substring(0, summary).endsWith(" \r"), text);
    assertTrue(text.substring(summary).matches("get: 50 rows in 2 batches, 4\\.9 KiB in [0-9.]+ s \\(.*/s\\)\n"), text);
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), text);
  }

  @Test
  void elsewhereAPlainLineASecondAndNoCarriageReturn() throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress p = Progress.start("put", Progress.Mode.AUTO, io(err, false));
    p.totals(-1, 10_000);
    p.add(5, 0);
    p.bytes(2500);
    Thread.sleep(1300);
    p.finish("put: done");
    String text = err.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), text);
    List<String> lines = text.lines().toList();
    assertEquals(2, lines.size(), text);
    assertTrue(lines.get(0).startsWith("put: 5 rows, 2.4 KiB, 25%, "), text);
    assertEquals("put: done", lines.get(1));
  }

  @Test
  void noneSaysNothingAndCloseWithoutFinishLeavesNoSummary() throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress none = Progress.start("get", Progress.Mode.NONE, io(err, true));
    none.add(1, 1);
    none.finish(null);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    Progress failed = Progress.start("get", Progress.Mode.BAR, io(err, false));
    failed.add(1, 1);
    Thread.sleep(250);
    failed.close();
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\rget "), text);
    assertTrue(text.endsWith(" \r"), text);
    assertFalse(text.contains("\n"), text);
  }

  @Test
  void modeOption() throws UsageException {
    List<Option> o = List.of(Progress.OPTION);
    assertEquals(Progress.Mode.AUTO, Progress.mode(Args.parse(o, List.of())));
    assertEquals(Progress.Mode.LINES, Progress.mode(Args.parse(o, List.of("--progress=lines"))));
    assertEquals("--progress is auto, bar, lines or none, not 'fancy'",
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
            () -> Progress.mode(Args.parse(o, List.of("--progress", "fancy")))).getMessage());
  }

  @Test
  void terminalDevices() {
    assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
    assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
    assertTrue(Terminal.isTerminalDevice("/dev/console"));
    assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
    assertFalse(Terminal.isTerminalDevice("/dev/null"));
    assertFalse(Terminal.isTerminalDevice("/home/me/log.txt"));
  }

  @Test
  void procFdLinks(@TempDir Path dir) throws Exception {
    Path link = dir.resolve("2");
    Files.createSymbolicLink(link, Path.of("/dev/pts/7"));
    assertEquals(Boolean.TRUE, Terminal.procFdIsTerminal(link));
    Path pipe = dir.resolve("1");
    Files.createSymbolicLink(pipe, Path.of("pipe:[42]"));
    assertEquals(Boolean.FALSE, Terminal.procFdIsTerminal(pipe));
    assertEquals(null, Terminal.procFdIsTerminal(dir.resolve("none")));
  }

  /** The test JVM runs with stdin, stdout and stderr redirected: no terminal, whatever the JDK. */
  @Test
  void theTestJvmIsNotOnATerminal() {
    assertFalse(Terminal.consoleIsTerminal());
    assertFalse(Terminal.isTerminal(1));
    assertFalse(Terminal.isTerminal(2));
  }

  /** Stands for a JDK 22+ Console, whose isTerminal() may say no. */
  public static final class FakeConsole {
    private final boolean terminal;

    FakeConsole(boolean terminal) {
      this.terminal = terminal;
    }

    public boolean isTerminal() {
      return terminal;
    }

    public boolean broken() {
      throw new IllegalStateException("no");
    }
  }

  @Test
  void consoleDecisionOnEachJdk() throws NoSuchMethodException {
    java.lang.reflect.Method isTerminal = FakeConsole.class.getMethod("isTerminal");
    assertFalse(Terminal.consoleIsTerminal(null, isTerminal), "no console");
    assertTrue(Terminal.consoleIsTerminal(new FakeConsole(false), null), "JDK 17: a console is a terminal");
    assertFalse(Terminal.consoleIsTerminal(new FakeConsole(false), isTerminal), "JDK 22-24: a console that is not");
    assertTrue(Terminal.consoleIsTerminal(new FakeConsole(true), isTerminal));
    assertFalse(Terminal.consoleIsTerminal(new FakeConsole(true), FakeConsole.class.getMethod("broken")));
  }
}
