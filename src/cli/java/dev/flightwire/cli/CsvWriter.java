package dev.flightwire.cli;

import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes record batches as CSV (RFC 4180) with FastCSV: a header row of column names, then one
 * line per row, lines ending in LF. A field is quoted when it holds a comma, a quote, CR or LF, or
 * when it is the empty string ({@code ""}), so that a null (written as nothing) stays apart from
 * an empty text; quotes inside are doubled. Values are written as {@link ValueFormat} gives them.
 * Not thread-safe.
 */
final class CsvWriter {
  private final de.siegmar.fastcsv.writer.CsvWriter csv;

  /** Writes to {@code out} (borrowed: flushed and closed by the caller; nothing is buffered here). */
  CsvWriter(Writer out) {
    this.csv = de.siegmar.fastcsv.writer.CsvWriter.builder()
        .quoteStrategy(QuoteStrategies.EMPTY)
        .lineDelimiter(LineDelimiter.LF)
        // FastCSV also quotes a first field that starts with the comment character; this CSV has
        // no comments, so name one that text does not start with and write '#' unquoted, as before
        .commentCharacter('\0')
        .bufferSize(0)
        .build(out);
  }

  void writeHeader(Schema schema) throws IOException {
    List<Field> fields = schema.getFields();
    String[] names = new String[fields.size()];
    for (int c = 0; c < names.length; c++) {
      names[c] = fields.get(c).getName();
    }
    write(names);
  }

  /** Writes every row of {@code batch} (borrowed). */
  void writeBatch(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
    List<FieldVector> vectors = batch.getFieldVectors();
    String[] row = new String[vectors.size()];
    int rows = batch.getRowCount();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < row.length; c++) {
        row[c] = ValueFormat.text(vectors.get(c), r, dictionaries);
      }
      write(row);
    }
  }

  private void write(String[] fields) throws IOException {
    try {
      csv.writeRecord(fields);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
