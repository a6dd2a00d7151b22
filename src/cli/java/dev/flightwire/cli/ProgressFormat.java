package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of progress reports, from a snapshot of the counts: the terminal bar, the plain line
 * and the final summary, and the number formats they use. Pure functions.
 */
final class ProgressFormat {
  private ProgressFormat() {}

  /**
   * The counts at one moment. A total is -1 when unknown; the fraction done comes from the rows
   * when their total is known, else from the bytes.
   */
  record Snapshot(long rows, long bytes, long batches, long totalRows, long totalBytes, long elapsedNanos) {
    /** Fraction done in [0, 1], or -1 when no total is known. */
    double fraction() {
      if (totalRows > 0) {
        return Math.min(1.0, (double) rows / totalRows);
      }
      if (totalBytes > 0) {
        return Math.min(1.0, (double) bytes / totalBytes);
      }
      return -1;
    }

    /** Seconds left at the average rate so far, or -1 when unknown. */
    long etaSeconds() {
      double f = fraction();
      if (f < 0 || f == 0) {
        return -1;
      }
      double elapsed = elapsedNanos / 1e9;
      return Math.round(elapsed * (1 - f) / f);
    }
  }

  /** Width of the bar between its brackets, when the line has room. */
  static final int BAR_WIDTH = 30;

  /**
   * {@code [=====>     ]  45%   4,500 rows     1.2 MiB  409.6 KiB/s  ETA  0:04}, at most
   * {@code width} long. Every number has a field of fixed width (the row count as wide as the
   * total's), so the line keeps its length and the bar its place as the numbers grow.
   */
  static String bar(String label, Snapshot s, int width) {
    double f = s.fraction();
    List<String> parts = new ArrayList<>();
    if (f >= 0) {
      parts.add(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)));
    }
    int rowsWidth = s.totalRows() >= 0 ? count(s.totalRows()).length() : ROWS_FIELD;
    parts.add(pad(count(s.rows()), rowsWidth) + " rows");
    parts.add(pad(bytes(s.bytes()), BYTES_FIELD));
    parts.add(pad(rate(s.bytes(), s.elapsedNanos()), BYTES_FIELD + 2));
    long eta = s.etaSeconds();
    if (f >= 0) {
      parts.add("ETA " + pad(eta >= 0 ? clock(eta) : "--:--", CLOCK_FIELD));
    } else {
      parts.add(pad(clock(s.elapsedNanos() / 1_000_000_000L), CLOCK_FIELD) + " elapsed");
    }
    String text = String.join("  ", parts);
    String head = label + " ";
    int barWidth = width - head.length() - text.length() - 3;
    if (f >= 0 && barWidth >= 10) {
      int inner = Math.min(barWidth, BAR_WIDTH);
      int filled = (int) Math.floor(f * inner);
      StringBuilder b = new StringBuilder(head).append('[');
      b.append("=".repeat(filled));
      if (filled < inner) {
        b.append('>').append(" ".repeat(inner - filled - 1));
      }
      b.append("] ").append(text);
      return b.toString();
    }
    String plain = head + text;
    return plain.length() > width ? plain.substring(0, width) : plain;
  }

  /** Field widths of the bar's numbers: rows without a known total (999,999,999), bytes, clock. */
  static final int ROWS_FIELD = 11;
  static final int BYTES_FIELD = 10;
  static final int CLOCK_FIELD = 5;

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** {@code get: 4,500 rows, 1.2 MiB, 45%, 3.4 MiB/s, ETA 0:02}: one line, no bar. */
  static String line(String label, Snapshot s) {
    List<String> parts = new ArrayList<>();
    parts.add(count(s.rows()) + " rows");
    parts.add(bytes(s.bytes()));
    double f = s.fraction();
    if (f >= 0) {
      parts.add((int) Math.floor(f * 100) + "%");
    }
    parts.add(rate(s.bytes(), s.elapsedNanos()));
    long eta = s.etaSeconds();
    if (f >= 0) {
      parts.add("ETA " + (eta >= 0 ? clock(eta) : "--:--")); // no estimate before the first row
    } else {
      parts.add(clock(s.elapsedNanos() / 1_000_000_000L) + " elapsed");
    }
    return label + ": " + String.join(", ", parts);
  }

  /** {@code get: 10,000 rows in 10 batches, 156.3 KiB in 1.02 s (153.2 KiB/s)}. */
  static String summary(String label, Snapshot s) {
    return label + ": " + count(s.rows()) + " rows in " + count(s.batches()) + (s.batches() == 1 ? " batch, " : " batches, ")
        + bytes(s.bytes()) + " in " + seconds(s.elapsedNanos()) + " (" + rate(s.bytes(), s.elapsedNanos()) + ")";
  }

  /** {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}, {@code 3.2 GiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Bytes per second, from bytes done in {@code nanos}. */
  static String rate(long bytes, long nanos) {
    if (nanos <= 0) {
      return "0 B/s";
    }
    return bytes((long) (bytes / (nanos / 1e9))) + "/s";
  }

  /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long sec = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }

  /** {@code 0.05 s}, {@code 3.21 s}, {@code 12.3 s}, then {@code 2:05}. */
  static String seconds(long nanos) {
    double s = nanos / 1e9;
    if (s < 10) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    if (s < 120) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    return clock((long) s);
  }
}
