package dev.flightwire.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields (RFC 4180), reading as it goes.
 *
 * <ul>
 *   <li>Fields are separated by commas, records by CRLF, LF or CR.
 *   <li>A field in double quotes may hold commas, line breaks and quotes (doubled: {@code ""}).
 *       Text after the closing quote other than a separator is an error, as is a quote left open
 *       at the end of the input.
 *   <li>A quote inside an unquoted field is kept as it is.
 *   <li>Lines with nothing on them are skipped (a record of one empty field is written {@code ""}).
 *   <li>A UTF-8 byte order mark at the start is skipped.
 * </ul>
 * An unquoted empty field is returned as null, a quoted one as the empty string, so that callers
 * can tell a missing value from an empty text. Not thread-safe.
 */
final class CsvRecords {
  private static final int EOF = -1;

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int limit;
  /** Line number (from 1) of the next character to read. */
  private int line = 1;
  /** Line on which the record last returned starts. */
  private int recordLine;
  private boolean started;

  /** Reads from {@code in} (borrowed; the caller closes it). */
  CsvRecords(Reader in) {
    this.in = in;
  }

  /** Line number (from 1) on which the last record returned starts. */
  int recordLine() {
    return recordLine;
  }

  /**
   * The next record's fields (null for unquoted empty fields), or null at the end of the input.
   *
   * @throws CsvException for a quote left open or text after a closing quote
   */
  String[] next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        read();
      }
    }
    int c;
    // blank lines are skipped
    while ((c = peek()) == '\n' || c == '\r') {
      endOfLine(read());
    }
    if (c == EOF) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      c = read();
      if (c == '"' && field.length() == 0) {
        readQuoted(field);
        int after = read();
        if (after == ',') {
          fields.add(field.toString());
          field.setLength(0);
          continue;
        }
        if (after == EOF || after == '\n' || after == '\r') {
          fields.add(field.toString());
          endOfLine(after);
          return fields.toArray(new String[0]);
        }
        throw new CsvException(line, "unexpected " + describe(after) + " after a closing quote (a quote inside a"
            + " quoted field is written \"\")");
      }
      if (c == ',') {
        fields.add(field.length() == 0 ? null : field.toString());
        field.setLength(0);
        continue;
      }
      if (c == EOF || c == '\n' || c == '\r') {
        fields.add(field.length() == 0 ? null : field.toString());
        endOfLine(c);
        return fields.toArray(new String[0]);
      }
      field.append((char) c);
    }
  }

  /** Reads a quoted field's content after its opening quote, up to and including the closing quote. */
  private void readQuoted(StringBuilder field) throws IOException {
    int startLine = line;
    while (true) {
      int c = read();
      if (c == EOF) {
        throw new CsvException(startLine, "a quoted field is not closed before the end of the file");
      }
      if (c == '"') {
        if (peek() == '"') {
          read();
          field.append('"');
          continue;
        }
        return;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
          field.append("\r\n");
        } else {
          field.append('\r');
        }
        line++;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      field.append((char) c);
    }
  }

  /** Counts a line break just read ({@code c}), folding CRLF into one. */
  private void endOfLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    if (c == '\r' || c == '\n') {
      line++;
    }
  }

  private static String describe(int c) {
    return c == '"' ? "quote" : "'" + (char) c + "'";
  }

  private int peek() throws IOException {
    if (pos == limit && !fill()) {
      return EOF;
    }
    return buf[pos];
  }

  private int read() throws IOException {
    if (pos == limit && !fill()) {
      return EOF;
    }
    return buf[pos++];
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** A CSV file that cannot be read: the message names the line (and the file, once known). */
  static final class CsvException extends IOException {
    private static final long serialVersionUID = 1L;

    CsvException(int line, String message) {
      super("line " + line + ": " + message);
    }

    CsvException(String message) {
      super(message);
    }

    /** The same error with the file's name in front. */
    CsvException in(String file) {
      return new CsvException(file + " " + getMessage());
    }
  }
}
