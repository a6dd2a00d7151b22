package dev.flightwire.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches with their dictionary-encoded columns decoded, for readers that take plain columns only
 * (the SQL engine takes a file's columns so; JDBC clients take results so): each batch is a root
 * of the source's plain vectors (borrowed) and a decoded copy of each encoded one (owned, released
 * at the next batch or at {@link #close()}). Top-level encoded columns only. Borrows the source
 * and its dictionaries, which must hold each batch's dictionaries when it is loaded. Not
 * thread-safe.
 */
final class DecodedBatches implements RootsReader.Next, AutoCloseable {
  private final RootsReader.Next source;
  private final DictionaryProvider dictionaries;
  private final Schema schema;
  private final List<FieldVector> decoded = new ArrayList<>();

  /** A file's batches. */
  DecodedBatches(BatchSource source) {
    this(source.schema(), source.dictionaries(), () -> source.loadNext() ? source.root() : null);
  }

  /**
   * @param schema the batches' schema (in-memory form: encoded fields have their index type)
   * @param dictionaries where the encoded fields' dictionaries are; borrowed
   * @param source loads the next batch and returns its root (borrowed), or null at the end
   */
  DecodedBatches(Schema schema, DictionaryProvider dictionaries, RootsReader.Next source) {
    this.source = source;
    this.dictionaries = dictionaries;
    this.schema = plainSchema(schema, dictionaries);
  }

  /** {@code schema} with each encoded field given its dictionary's value type. */
  static Schema plainSchema(Schema schema, DictionaryProvider dictionaries) {
    List<Field> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      if (f.getDictionary() == null) {
        fields.add(f);
      } else {
        Field values = dictionaries.lookup(f.getDictionary().getId()).getVector().getField();
        FieldType type = new FieldType(f.isNullable(), values.getType(), null, f.getMetadata());
        fields.add(new Field(f.getName(), type, values.getChildren()));
      }
    }
    return new Schema(fields, schema.getCustomMetadata());
  }

  /** Whether {@code schema} has dictionary-encoded fields at the top level. */
  static boolean hasDictionaries(Schema schema) {
    return schema.getFields().stream().anyMatch(f -> f.getDictionary() != null);
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
    VectorSchemaRoot root = source.next();
    if (root == null) {
      return null;
    }
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      DictionaryEncoding encoding = v.getField().getDictionary();
      if (encoding == null) {
        vectors.add(v);
      } else {
        FieldVector plain = (FieldVector) DictionaryEncoder.decode(v, dictionaries.lookup(encoding.getId()));
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
