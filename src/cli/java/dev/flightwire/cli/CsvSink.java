package dev.flightwire.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes batches as CSV (UTF-8) to a file or stdout. Owns its target. */
final class CsvSink implements BatchSink {
  private final OutputTarget target;
  private final Writer writer;
  private final CsvWriter csv;
  private DictionaryProvider dictionaries;

  /** Takes ownership of {@code target}. */
  CsvSink(OutputTarget target) {
    this.target = target;
    this.writer = new BufferedWriter(new OutputStreamWriter(target.stream(), StandardCharsets.UTF_8), 1 << 16);
    this.csv = new CsvWriter(writer);
  }

  @Override
  public void begin(Schema schema, DictionaryProvider dictionaries) throws IOException {
    ValueFormat.checkDecodable(schema, "CSV");
    this.dictionaries = dictionaries;
    csv.writeHeader(schema);
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    csv.writeBatch(batch, dictionaries);
  }

  @Override
  public void finish() throws IOException {
    writer.flush();
    target.commit();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
