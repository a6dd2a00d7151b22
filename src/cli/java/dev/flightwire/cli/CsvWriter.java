package dev.flightwire.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes record batches as CSV (RFC 4180): a header row of column names, then one line per row,
 * lines ending in LF. A field is quoted when it holds a comma, a quote, CR or LF, or when it is
 * the empty string ({@code ""}), so that a null (written as nothing) stays apart from an empty
 * text; quotes inside are doubled. Values are written as {@link ValueFormat} gives them. Not
 * thread-safe.
 */
final class CsvWriter {
  private final Writer out;
  private final StringBuilder line = new StringBuilder();

  /** Writes to {@code out} (borrowed: flushed and closed by the caller). */
  CsvWriter(Writer out) {
    this.out = out;
  }

  void writeHeader(Schema schema) throws IOException {
    line.setLength(0);
    List<Field> fields = schema.getFields();
    for (int c = 0; c < fields.size(); c++) {
      if (c > 0) {
        line.append(',');
      }
      quote(line, fields.get(c).getName());
    }
    line.append('\n');
    out.write(line.toString());
  }

  /** Writes every row of {@code batch} (borrowed). */
  void writeBatch(VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
    List<FieldVector> vectors = batch.getFieldVectors();
    int rows = batch.getRowCount();
    for (int r = 0; r < rows; r++) {
      line.setLength(0);
      for (int c = 0; c < vectors.size(); c++) {
        if (c > 0) {
          line.append(',');
        }
        String v = ValueFormat.text(vectors.get(c), r, dictionaries);
        if (v != null) {
          quote(line, v);
        }
      }
      line.append('\n');
      out.write(line.toString());
    }
  }

  /** Appends {@code value} (not null) as one CSV field. */
  static void quote(StringBuilder sb, String value) {
    boolean needs = value.isEmpty();
    for (int i = 0; i < value.length() && !needs; i++) {
      char c = value.charAt(i);
      needs = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!needs) {
      sb.append(value);
      return;
    }
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }
}
