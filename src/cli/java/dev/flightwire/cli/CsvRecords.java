package dev.flightwire.cli;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits CSV text into records of fields (RFC 4180), reading as it goes. FastCSV's strict parser
 * does the splitting; this class adds what it leaves to its caller.
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
 *
 * <p>FastCSV reads a quote left open as a field that runs to the end of the input. To report it
 * instead, the input is followed by an end mark, a line break and U+FFFF (a noncharacter): after a
 * complete record the mark is a record of its own, dropped here; inside an open quote it becomes
 * the end of the last field, reported here.
 */
final class CsvRecords {
  private static final char END = '\uFFFF';
  private static final Pattern AFTER_QUOTE = Pattern.compile("after closing quote: '(.)'");

  private final Fields fields = new Fields();
  private final CloseableIterator<String[]> records;
  /** Line on which the record last returned starts. */
  private int recordLine;
  private boolean done;

  /** Reads from {@code in} (borrowed; the caller closes it). */
  CsvRecords(Reader in) {
    this.records = CsvReader.builder()
        .skipEmptyLines(true)
        .allowExtraCharsAfterClosingQuote(false)
        // the caller checks every record against the header, with its own message
        .allowExtraFields(true)
        .allowMissingFields(true)
        .build(fields, new MarkedReader(in))
        .iterator();
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
    if (done) {
      return null;
    }
    String[] r;
    try {
      if (!records.hasNext()) {
        done = true;
        return null;
      }
      r = records.next();
    } catch (CsvParseException | UncheckedIOException e) {
      recordLine = Math.toIntExact(fields.line);
      throw translate(e);
    }
    recordLine = Math.toIntExact(fields.line);
    boolean lastQuoted = fields.lastQuoted;
    String last = r[r.length - 1];
    if (last != null && !last.isEmpty() && last.charAt(last.length() - 1) == END && !hasMore()) {
      done = true;
      if (lastQuoted) {
        throw new CsvException(recordLine, "a quoted field is not closed before the end of the file");
      }
      return null;
    }
    return r;
  }

  private boolean hasMore() throws IOException {
    try {
      return records.hasNext();
    } catch (CsvParseException | UncheckedIOException e) {
      throw translate(e);
    }
  }

  /** FastCSV's unchecked failures as the IOException this class reports. */
  private IOException translate(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException coding) {
        return coding;
      }
      Matcher m = t instanceof CsvParseException && t.getMessage() != null ? AFTER_QUOTE.matcher(t.getMessage()) : null;
      if (m != null && m.find()) {
        return new CsvException(Math.toIntExact(fields.line), "unexpected " + describe(m.group(1).charAt(0))
            + " after a closing quote (a quote inside a quoted field is written \"\")");
      }
    }
    if (e instanceof UncheckedIOException io) {
      return io.getCause();
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new CsvException(Math.toIntExact(fields.line), String.valueOf(root.getMessage()));
  }

  private static String describe(char c) {
    return c == '"' ? "quote" : "'" + c + "'";
  }

  /** Collects one record's fields for FastCSV: null for an unquoted empty field. */
  private static final class Fields extends CsvCallbackHandler<String[]> {
    private final List<String> values = new ArrayList<>();
    private long line;
    private boolean lastQuoted;
    private boolean empty;

    @Override
    protected RecordType getRecordType() {
      return empty ? RecordType.EMPTY : RecordType.DATA;
    }

    @Override
    protected int getFieldCount() {
      return values.size();
    }

    @Override
    protected void beginRecord(long startingLineNumber) {
      line = startingLineNumber;
      values.clear();
      lastQuoted = false;
      empty = false;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
      values.add(len == 0 && !quoted ? null : new String(buf, offset, len));
      lastQuoted = quoted;
    }

    @Override
    protected void setComment(char[] buf, int offset, int len) {
      throw new IllegalStateException("comments are not enabled");
    }

    @Override
    protected void setEmpty() {
      empty = true;
    }

    @Override
    protected String[] buildRecord() {
      return values.toArray(new String[0]);
    }
  }

  /** The input without a leading byte order mark, followed by the end mark. */
  private static final class MarkedReader extends Reader {
    private static final char[] MARK = {'\n', END};

    private final Reader in;
    private boolean started;
    /** How much of the mark has been returned, or -1 while the input lasts. */
    private int marked = -1;

    MarkedReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (marked < 0) {
        int n;
        do {
          n = in.read(buf, off, len);
        } while (n == 0);
        if (n > 0) {
          if (!started) {
            started = true;
            if (buf[off] == '\uFEFF') {
              System.arraycopy(buf, off + 1, buf, off, n - 1);
              return n > 1 ? n - 1 : read(buf, off, len);
            }
          }
          return n;
        }
        started = true;
        marked = 0;
      }
      if (marked == MARK.length) {
        return -1;
      }
      int n = Math.min(len, MARK.length - marked);
      System.arraycopy(MARK, marked, buf, off, n);
      marked += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
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
