package dev.flightwire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Shows batches as a {@link TableRenderer} table: the first {@code limit} rows as text, then a
 * line counting the rows not shown. Only the rows shown are kept. Owns its target.
 */
final class TableSink implements BatchSink {
  static final int DEFAULT_LIMIT = 50;

  private final OutputTarget target;
  private final long limit;
  private TableRenderer table;
  private DictionaryProvider dictionaries;
  private long rows;

  /** Takes ownership of {@code target}. */
  TableSink(OutputTarget target, long limit) {
    this.target = target;
    this.limit = limit;
  }

  @Override
  public void begin(Schema schema, DictionaryProvider dictionaries) {
    ValueFormat.checkDecodable(schema, "a table");
    this.dictionaries = dictionaries;
    List<String> headers = new ArrayList<>();
    List<Field> fields = schema.getFields();
    boolean[] right = new boolean[fields.size()];
    for (int c = 0; c < right.length; c++) {
      headers.add(fields.get(c).getName());
      right[c] = ValueFormat.numeric(fields.get(c));
    }
    table = new TableRenderer(headers, right, TableRenderer.DEFAULT_MAX_CELL);
  }

  @Override
  public void write(VectorSchemaRoot batch) {
    List<FieldVector> vectors = batch.getFieldVectors();
    int n = batch.getRowCount();
    for (int r = 0; r < n && table.rowCount() < limit; r++) {
      List<String> cells = new ArrayList<>(vectors.size());
      for (FieldVector v : vectors) {
        cells.add(ValueFormat.text(v, r, dictionaries));
      }
      table.addRow(cells);
    }
    rows += n;
  }

  @Override
  public void finish() throws IOException {
    PrintStream out = new PrintStream(target.stream(), false, StandardCharsets.UTF_8);
    table.render(out);
    long hidden = rows - table.rowCount();
    if (hidden > 0) {
      out.println("... " + ProgressFormat.count(hidden) + (hidden == 1 ? " more row" : " more rows") + " ("
          + ProgressFormat.count(rows) + " in all; --limit N shows more, --format csv shows all)");
    } else {
      out.println("(" + ProgressFormat.count(rows) + (rows == 1 ? " row)" : " rows)"));
    }
    out.flush();
    target.commit();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
