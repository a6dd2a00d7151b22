package dev.flightwire.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a transfer on stderr, so that stdout stays data.
 *
 * <ul>
 *   <li>{@code bar}: one line redrawn in place with a carriage return ten times a second (rows,
 *       bytes, rate, and percentage and time left when the total is known), erased at the end;
 *   <li>{@code lines}: a plain line every second, for logs and pipes;
 *   <li>{@code none}: nothing.
 * </ul>
 * Every mode but {@code none} ends with a summary line. {@code auto} is a bar when stderr is a
 * terminal, else lines.
 *
 * <h3>Threading</h3>
 * The command's thread counts with {@link #add} and {@link #bytes}; a daemon thread of this class
 * draws. Counters are atomic; drawing and finishing are synchronized on this object.
 */
final class Progress implements AutoCloseable {
  enum Mode { AUTO, BAR, LINES, NONE }

  static final Option OPTION = Option.value("progress", "MODE",
      "progress on stderr: auto (a bar on a terminal, else a line a second), bar, lines or none");

  private static final long BAR_PERIOD_MILLIS = 100;
  private static final long LINE_PERIOD_MILLIS = 1000;

  private final String label;
  private final Mode mode;
  private final PrintStream err;
  private final int width;
  private final long start = System.nanoTime();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile long totalRows = -1;
  private volatile long totalBytes = -1;
  private final ScheduledExecutorService ticker;
  /** Length of the bar now on screen; guarded by this. */
  private int drawn;
  /** Guarded by this. */
  private boolean finished;

  private Progress(String label, Mode mode, PrintStream err, int width) {
    this.label = label;
    this.mode = mode;
    this.err = err;
    this.width = width;
    if (mode == Mode.NONE) {
      ticker = null;
      return;
    }
    ThreadFactory daemon = r -> {
      Thread t = new Thread(r, "flightwire-progress");
      t.setDaemon(true);
      return t;
    };
    ticker = Executors.newSingleThreadScheduledExecutor(daemon);
    long period = mode == Mode.BAR ? BAR_PERIOD_MILLIS : LINE_PERIOD_MILLIS;
    ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
  }

  /** The {@code --progress} option's mode; AUTO when not given. */
  static Mode mode(Args args) throws UsageException {
    String v = args.value("progress");
    if (v == null) {
      return Mode.AUTO;
    }
    try {
      return Mode.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--progress is auto, bar, lines or none, not '" + v + "'");
    }
  }

  /** Starts reporting a transfer named {@code label} (the command's name) on {@code io.err}. */
  static Progress start(String label, Mode mode, Io io) {
    Mode resolved = mode == Mode.AUTO ? (io.stderrTerminal ? Mode.BAR : Mode.LINES) : mode;
    return new Progress(label, resolved, io.err, io.columns() - 1);
  }

  /** Sets the expected totals (-1 for unknown), from which the percentage and time left come. */
  void totals(long rows, long bytes) {
    this.totalRows = rows;
    this.totalBytes = bytes;
  }

  /** Counts one batch of {@code rows} rows and {@code bytes} bytes. */
  void add(long rows, long bytes) {
    this.rows.addAndGet(rows);
    this.bytes.addAndGet(bytes);
    this.batches.incrementAndGet();
  }

  /** Sets the bytes done so far (when they are a position in a file rather than a sum). */
  void bytes(long done) {
    this.bytes.set(done);
  }

  ProgressFormat.Snapshot snapshot() {
    return new ProgressFormat.Snapshot(rows.get(), bytes.get(), batches.get(), totalRows, totalBytes,
        System.nanoTime() - start);
  }

  private synchronized void draw() {
    if (finished) {
      return;
    }
    ProgressFormat.Snapshot s = snapshot();
    if (mode == Mode.BAR) {
      String bar = ProgressFormat.bar(label, s, width);
      err.print("\r" + bar + " ".repeat(Math.max(0, drawn - bar.length())));
      err.flush();
      drawn = bar.length();
    } else {
      err.println(ProgressFormat.line(label, s));
    }
  }

  /** Stops drawing, erases the bar and prints {@code summary} (null: the counts' summary). */
  void finish(String summary) {
    stopTicker();
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      erase();
      if (mode != Mode.NONE) {
        err.println(summary != null ? summary : ProgressFormat.summary(label, snapshot()));
      }
    }
  }

  /** Stops drawing and erases the bar, without a summary (the transfer failed). */
  @Override
  public void close() {
    stopTicker();
    synchronized (this) {
      if (!finished) {
        finished = true;
        erase();
      }
    }
  }

  private void erase() {
    if (drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      err.flush();
      drawn = 0;
    }
  }

  private void stopTicker() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
