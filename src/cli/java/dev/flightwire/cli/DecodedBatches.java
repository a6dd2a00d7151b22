package dev.flightwire.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file's batches with their dictionary-encoded columns decoded (the SQL engine takes plain
 * columns): each batch is a root of the source's plain vectors (borrowed) and a decoded copy of
 * each encoded one (owned, released at the next batch or at {@link #close()}). Top-level encoded
 * columns only. Borrows the source. Not thread-safe.
 */
final class DecodedBatches implements RootsReader.Next, AutoCloseable {
  private final BatchSource source;
  private final Schema schema;
  private final List<FieldVector> decoded = new ArrayList<>();

  DecodedBatches(BatchSource source) {
    this.source = source;
    List<Field> fields = new ArrayList<>();
    for (Field f : source.schema().getFields()) {
      if (f.getDictionary() == null) {
        fields.add(f);
      } else {
        Dictionary d = source.dictionaries().lookup(f.getDictionary().getId());
        fields.add(new Field(f.getName(), d.getVector().getField().getFieldType(), d.getVector().getField().getChildren()));
      }
    }
    this.schema = new Schema(fields, source.schema().getCustomMetadata());
  }

  /** Whether {@code source} has dictionary-encoded columns below the top level (not decoded here). */
  static boolean nestedDictionaries(Schema schema) {
    for (Field f : schema.getFields()) {
      for (Field child : f.getChildren()) {
        if (encodedWithin(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean encodedWithin(Field f) {
    if (f.getDictionary() != null) {
      return true;
    }
    for (Field child : f.getChildren()) {
      if (encodedWithin(child)) {
        return true;
      }
    }
    return false;
  }

  /** The decoded schema: each encoded field with its dictionary's value type. */
  Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    releaseDecoded();
    if (!source.loadNext()) {
      return null;
    }
    VectorSchemaRoot root = source.root();
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      DictionaryEncoding encoding = v.getField().getDictionary();
      if (encoding == null) {
        vectors.add(v);
      } else {
        FieldVector plain = (FieldVector) DictionaryEncoder.decode(v, source.dictionaries().lookup(encoding.getId()));
        decoded.add(plain);
        vectors.add(plain);
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      Field f = schema.getFields().get(i);
      fields.add(new Field(f.getName(), f.getFieldType(), vectors.get(i).getField().getChildren()));
    }
    return new VectorSchemaRoot(fields, vectors, root.getRowCount());
  }

  private void releaseDecoded() {
    for (FieldVector v : decoded) {
      v.close();
    }
    decoded.clear();
  }

  @Override
  public void close() {
    releaseDecoded();
  }
}
