package dev.flightwire.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file of many column types for the directory service's tests, and each cell's value as a Java
 * object, so that a test can filter the rows itself. Row {@code r} (0 to {@link #ROWS} - 1 over all batches) has:
 * i8 (int8), i32, i64, u64 (uint64, some above Long.MAX_VALUE), f32 (with NaN and 0.1f), f64,
 * dec (decimal(10, 2)), s (utf8), ls (large utf8), b (bool), day (date, which filters skip), lst
 * (list of int32), st (struct of x int32 and y utf8) and dict (utf8 dictionary-encoded by int32);
 * each column has nulls.
 */
final class ScanData {
  static final int BATCHES = 3;
  static final int BATCH_ROWS = 400;
  static final int ROWS = BATCHES * BATCH_ROWS;
  static final String[] WORDS = {"apple", "banana", "cherry", "é", "日本", "😀", "", "Zebra", "\uFFFD"};
  static final String[] COLORS = {"red", "green", "blue"};
  static final List<String> COLUMNS = List.of("i8", "i32", "i64", "u64", "f32", "f64", "dec", "s", "ls", "b", "day",
      "lst", "st", "dict");
  static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private ScanData() {}

  static Schema schema() {
    DictionaryEncoding colors = new DictionaryEncoding(7, false, new ArrowType.Int(32, true));
    List<Field> fields = List.of(
        Field.nullable("i8", new ArrowType.Int(8, true)),
        Field.nullable("i32", new ArrowType.Int(32, true)),
        Field.nullable("i64", new ArrowType.Int(64, true)),
        Field.nullable("u64", new ArrowType.Int(64, false)),
        Field.nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        new Field("f64", new FieldType(true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null,
            Map.of("unit", "m")), null),
        Field.nullable("dec", new ArrowType.Decimal(10, 2, 128)),
        Field.nullable("s", ArrowType.Utf8.INSTANCE),
        Field.nullable("ls", ArrowType.LargeUtf8.INSTANCE),
        Field.nullable("b", ArrowType.Bool.INSTANCE),
        Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
        new Field("lst", FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(Field.nullable("item", new ArrowType.Int(32, true)))),
        new Field("st", FieldType.nullable(ArrowType.Struct.INSTANCE),
            List.of(Field.nullable("x", new ArrowType.Int(32, true)), Field.nullable("y", ArrowType.Utf8.INSTANCE))),
        new Field("dict", new FieldType(true, new ArrowType.Int(32, true), colors), null));
    return new Schema(fields, Map.of("origin", "scan test"));
  }

  /** The value of {@code column} at row {@code r}, as the test compares it; null for null. */
  static Object value(String column, int r) {
    switch (column) {
      case "i8":
        return r % 17 == 0 ? null : (long) (r % 200 - 100);
      case "i32":
        return r % 19 == 0 ? null : (long) (r * 7 % 1000 - 500);
      case "i64":
        return r % 23 == 0 ? null : r * 1_000_003L - 600_000_000L;
      case "u64":
        return r % 29 == 0 ? null : r % 5 == 0 ? TWO_64.subtract(BigInteger.valueOf(r + 1)) : BigInteger.valueOf(r);
      case "f32":
        return r % 31 == 0 ? null : r % 37 == 0 ? Float.NaN : (r % 50) / 10f;
      case "f64":
        return r % 13 == 0 ? null : r * 0.25 - 100;
      case "dec":
        return r % 41 == 0 ? null : BigDecimal.valueOf(r * 3L - 1000, 2);
      case "s":
        return r % 7 == 0 ? null : WORDS[r % WORDS.length];
      case "ls":
        return r % 11 == 0 ? null : WORDS[(r * 3) % WORDS.length];
      case "b":
        return r % 11 == 0 ? null : r % 3 == 0;
      case "day":
        return r % 9 == 0 ? null : r;
      case "dict":
        return r % 8 == 0 ? null : COLORS[r % 3];
      default:
        throw new IllegalArgumentException(column);
    }
  }

  /** Writes the file, in the IPC file format or the stream format. */
  static void write(BufferAllocator a, Path file, boolean fileFormat) throws IOException {
    Schema schema = schema();
    DictionaryEncoding colors = schema.findField("dict").getDictionary();
    try (VarCharVector colorValues = new VarCharVector("colors", a);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      colorValues.allocateNew();
      for (int i = 0; i < COLORS.length; i++) {
        colorValues.setSafe(i, COLORS[i].getBytes(StandardCharsets.UTF_8));
      }
      colorValues.setValueCount(COLORS.length);
      DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
      dictionaries.put(new Dictionary(colorValues, colors));
      try (ArrowWriter w = fileFormat ? new ArrowFileWriter(root, dictionaries, ch)
          : new ArrowStreamWriter(root, dictionaries, ch)) {
        w.start();
        for (int batch = 0; batch < BATCHES; batch++) {
          fill(root, batch * BATCH_ROWS);
          w.writeBatch();
        }
        w.end();
      }
    }
  }

  private static void fill(VectorSchemaRoot root, int first) {
    root.allocateNew();
    for (int i = 0; i < BATCH_ROWS; i++) {
      int r = first + i;
      for (String c : List.of("i8", "i32", "i64", "u64", "f32", "f64", "dec", "s", "ls", "b", "day", "dict")) {
        FieldVector v = root.getVector(c);
        Object x = c.equals("dict") ? (r % 8 == 0 ? null : r % 3) : value(c, r);
        if (x == null) {
          v.setNull(i);
          continue;
        }
        switch (c) {
          case "i8" -> ((TinyIntVector) v).setSafe(i, (byte) (long) (Long) x);
          case "i32" -> ((IntVector) v).setSafe(i, (int) (long) (Long) x);
          case "i64" -> ((BigIntVector) v).setSafe(i, (Long) x);
          case "u64" -> ((UInt8Vector) v).setSafe(i, ((BigInteger) x).longValue());
          case "f32" -> ((Float4Vector) v).setSafe(i, (Float) x);
          case "f64" -> ((Float8Vector) v).setSafe(i, (Double) x);
          case "dec" -> ((DecimalVector) v).setSafe(i, (BigDecimal) x);
          case "s" -> ((VarCharVector) v).setSafe(i, ((String) x).getBytes(StandardCharsets.UTF_8));
          case "ls" -> ((LargeVarCharVector) v).setSafe(i, ((String) x).getBytes(StandardCharsets.UTF_8));
          case "b" -> ((BitVector) v).setSafe(i, (Boolean) x ? 1 : 0);
          case "day" -> ((DateDayVector) v).setSafe(i, (Integer) x);
          case "dict" -> ((IntVector) v).setSafe(i, (Integer) x);
          default -> throw new IllegalStateException(c);
        }
      }
      UnionListWriter lw = ((ListVector) root.getVector("lst")).getWriter();
      lw.setPosition(i);
      if (r % 10 != 0) {
        lw.startList();
        for (int k = 0; k < r % 4; k++) {
          if (k == 1 && r % 3 == 0) {
            lw.writeNull();
          } else {
            lw.writeInt(r + k);
          }
        }
        lw.endList();
      }
      StructVector st = (StructVector) root.getVector("st");
      if (r % 12 == 0) {
        st.setNull(i);
      } else {
        st.setIndexDefined(i);
        ((IntVector) st.getChild("x")).setSafe(i, r);
        if (r % 5 == 0) {
          ((VarCharVector) st.getChild("y")).setNull(i);
        } else {
          ((VarCharVector) st.getChild("y")).setSafe(i, WORDS[r % WORDS.length].getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    root.setRowCount(BATCH_ROWS);
  }

  /** Each row of a batch as the text of its cells (dictionary-encoded ones decoded), in column order. */
  static List<List<String>> rows(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < batch.getRowCount(); r++) {
      List<String> row = new ArrayList<>();
      for (FieldVector v : batch.getFieldVectors()) {
        row.add(cell(v, r, dictionaries));
      }
      out.add(row);
    }
    return out;
  }

  static String cell(FieldVector v, int r, DictionaryProvider dictionaries) {
    if (v.isNull(r)) {
      return "null";
    }
    DictionaryEncoding e = v.getField().getDictionary();
    if (e != null) {
      int index = (int) ((org.apache.arrow.vector.BaseIntVector) v).getValueAsLong(r);
      return "dict:" + dictionaries.lookup(e.getId()).getVector().getObject(index);
    }
    return String.valueOf(v.getObject(r));
  }
}
