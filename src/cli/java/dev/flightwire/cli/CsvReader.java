package dev.flightwire.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A CSV file (UTF-8, RFC 4180, a header row) read as record batches, streaming: only the rows used
 * for type inference and one batch are in memory at a time.
 *
 * <p>The header names the columns. Each column's type is inferred from its non-blank cells in the
 * first {@code inferRows} rows (see {@link CsvColumnType}); a column with none is utf8. Every row
 * must have as many fields as the header. A later cell that does not fit its column's type fails
 * the read with its line and column.
 *
 * <p>Owns its root and the input stream; {@link #close()} releases both. Not thread-safe.
 */
final class CsvReader implements BatchSource {
  static final int DEFAULT_BATCH_ROWS = 65_536;
  static final int DEFAULT_INFER_ROWS = 1000;

  private final String name;
  private final CountingInputStream counting;
  private final Reader reader;
  private final CsvRecords records;
  private final long size;
  private final int batchRows;
  private final int inferRows;
  private final String[] header;
  private final CsvColumnType[] types;
  private final Schema schema;
  private final ArrayDeque<String[]> sample = new ArrayDeque<>();
  private final ArrayDeque<Integer> sampleLines = new ArrayDeque<>();
  private final VectorSchemaRoot root;
  private boolean ended;

  /**
   * Reads the header and the rows for inference from {@code in}, taking ownership of it (closed by
   * {@link #close()}, or here if this fails).
   *
   * @param name the file's name, for messages
   * @param size the input's size in bytes, or -1
   * @throws CsvRecords.CsvException when the header or the first rows are malformed
   */
  CsvReader(InputStream in, String name, long size, BufferAllocator allocator, int batchRows, int inferRows)
      throws IOException {
    this.name = name;
    this.size = size;
    this.batchRows = batchRows;
    this.inferRows = inferRows;
    this.counting = new CountingInputStream(in);
    this.reader = new InputStreamReader(new BufferedInputStream(counting, 1 << 16),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
    this.records = new CsvRecords(reader);
    VectorSchemaRoot created = null;
    try {
      String[] h = nextRecord();
      if (h == null) {
        throw new CsvRecords.CsvException(name + " is empty: a CSV file starts with a header row");
      }
      header = new String[h.length];
      for (int i = 0; i < h.length; i++) {
        header[i] = h[i] == null ? "" : h[i];
      }
      types = new CsvColumnType[header.length];
      while (sample.size() < inferRows) {
        String[] r = nextRecord();
        if (r == null) {
          ended = true;
          break;
        }
        for (int c = 0; c < types.length; c++) {
          if (!CsvColumnType.blank(r[c])) {
            types[c] = CsvColumnType.widen(types[c], r[c]);
          }
        }
        sample.add(r);
        sampleLines.add(records.recordLine());
      }
      List<Field> fields = new ArrayList<>();
      for (int c = 0; c < types.length; c++) {
        if (types[c] == null) {
          types[c] = CsvColumnType.UTF8;
        }
        fields.add(Field.nullable(header[c], types[c].arrowType()));
      }
      schema = new Schema(fields);
      created = VectorSchemaRoot.create(schema, allocator);
      root = created;
    } catch (IOException | RuntimeException e) {
      if (created != null) {
        created.close();
      }
      reader.close();
      throw e;
    }
  }

  /** Opens a CSV file; see {@link #CsvReader(InputStream, String, long, BufferAllocator, int, int)}. */
  static CsvReader open(Path file, BufferAllocator allocator, int batchRows, int inferRows) throws IOException {
    return new CsvReader(Files.newInputStream(file), file.getFileName().toString(), Files.size(file), allocator,
        batchRows, inferRows);
  }

  /** The next record, checked against the header's width; null at the end. */
  private String[] nextRecord() throws IOException {
    String[] r;
    try {
      r = records.next();
    } catch (CsvRecords.CsvException e) {
      throw e.in(name);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CsvRecords.CsvException(name + " near line " + records.recordLine() + ": not UTF-8 text");
    }
    if (r != null && header != null && r.length != header.length) {
      throw new CsvRecords.CsvException(name + " line " + records.recordLine() + ": " + r.length
          + (r.length == 1 ? " field" : " fields") + ", but the header has " + header.length);
    }
    return r;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public DictionaryProvider dictionaries() {
    return null;
  }

  @Override
  public VectorSchemaRoot root() {
    return root;
  }

  @Override
  public boolean loadNext() throws IOException {
    root.clear();
    if (sample.isEmpty() && ended) {
      root.setRowCount(0);
      return false;
    }
    for (FieldVector v : root.getFieldVectors()) {
      v.setInitialCapacity(Math.min(batchRows, 4096));
      v.allocateNew();
    }
    int rows = 0;
    while (rows < batchRows) {
      String[] r;
      int line;
      if (!sample.isEmpty()) {
        r = sample.poll();
        line = sampleLines.poll();
      } else if (!ended && (r = nextRecord()) != null) {
        line = records.recordLine();
      } else {
        ended = true;
        break;
      }
      for (int c = 0; c < types.length; c++) {
        if (!types[c].set(root.getVector(c), rows, r[c])) {
          throw new CsvRecords.CsvException(name + " line " + line + ", column '" + header[c] + "': '" + r[c].strip()
              + "' is not " + (types[c] == CsvColumnType.INT64 ? "an " : "a ") + types[c].label()
              + " (column types are inferred from the first " + inferRows + " rows)");
        }
      }
      rows++;
    }
    root.setRowCount(rows);
    return rows > 0;
  }

  @Override
  public long bytesRead() {
    return counting.count();
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public void close() throws IOException {
    try {
      root.close();
    } finally {
      reader.close();
    }
  }
}
