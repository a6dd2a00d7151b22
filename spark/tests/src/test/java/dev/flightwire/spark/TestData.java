package dev.flightwire.spark;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Row;

/**
 * The test table: row {@code id} is a pure function of {@code id}, so any subset of ids written
 * anywhere can be checked value for value against {@link #expected(long)}. Columns of every
 * family Spark reads from Arrow, with nulls.
 */
final class TestData {
  static final Schema SCHEMA = new Schema(List.of(
      Field.notNullable("id", new ArrowType.Int(64, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE),
      Field.nullable("amount", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("small", new ArrowType.Int(16, true)),
      Field.nullable("flag", ArrowType.Bool.INSTANCE),
      Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
      Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
      Field.nullable("local_ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
      Field.nullable("price", new ArrowType.Decimal(12, 2, 128)),
      Field.nullable("raw", ArrowType.Binary.INSTANCE),
      new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE),
          List.of(Field.nullable("item", ArrowType.Utf8.INSTANCE))),
      new Field("point", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
          Field.nullable("x", new ArrowType.Int(32, true)),
          Field.nullable("y", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))))));

  static final int COLUMNS = SCHEMA.getFields().size();

  private TestData() {}

  static String name(long id) {
    return id % 7 == 0 ? null : "name-" + id + (id % 2 == 0 ? "-é" : "");
  }

  static Double amount(long id) {
    return id % 11 == 0 ? null : id * 1.5;
  }

  static List<String> tags(long id) {
    if (id % 5 == 0) {
      return null;
    }
    List<String> t = new ArrayList<>();
    for (int i = 0; i < id % 4; i++) {
      t.add(i == 1 ? null : "t" + (id + i) % 3);
    }
    return t;
  }

  /** The values of row {@code id} as Spark returns them (java8 date/time API on). */
  static Object[] expected(long id) {
    return new Object[] {
        id,
        name(id),
        amount(id),
        (short) (id % 1000),
        id % 3 == 0 ? null : id % 2 == 0,
        LocalDate.ofEpochDay(18000 + id % 1000),
        Instant.ofEpochSecond(1_700_000_000L + id, (id % 1000) * 1000),
        id % 17 == 0 ? null : LocalDateTime.ofEpochSecond(1_600_000_000L + id, 0, ZoneOffset.UTC),
        BigDecimal.valueOf(id * 101, 2),
        id % 9 == 0 ? null : ("b" + id).getBytes(StandardCharsets.UTF_8),
        tags(id),
        id % 13 == 0 ? null : List.of((int) id, id / 2.0),
    };
  }

  /** A Spark row as comparable values: lists for arrays and structs. */
  static Object[] values(Row r) {
    Object[] v = new Object[r.size()];
    for (int i = 0; i < v.length; i++) {
      Object o = r.get(i);
      if (o instanceof scala.collection.Seq<?> s) {
        o = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(s));
      } else if (o instanceof Row nested) {
        o = Arrays.asList(values(nested));
      }
      v[i] = o;
    }
    return v;
  }

  /** Asserts {@code rows} are rows 0 to {@code count - 1}, in any order, each equal to {@link #expected}. */
  static void assertAllRows(List<Row> rows, long count) {
    List<Row> sorted = rows.stream().sorted(java.util.Comparator.comparingLong(r -> r.getLong(0))).toList();
    org.junit.jupiter.api.Assertions.assertEquals(count, sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      Row r = sorted.get(i);
      org.junit.jupiter.api.Assertions.assertEquals(i, r.getLong(0));
      org.junit.jupiter.api.Assertions.assertTrue(Arrays.deepEquals(expected(i), values(r)),
          () -> "row " + r.getLong(0) + ": " + Arrays.deepToString(values(r)) + " != " + Arrays.deepToString(expected(
              r.getLong(0))));
    }
  }

  /** Writes rows {@code from} (inclusive) to {@code to} (exclusive) as an Arrow IPC file. */
  static void write(BufferAllocator allocator, Path file, long from, long to, int batchRows) throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
         FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
             StandardOpenOption.TRUNCATE_EXISTING);
         ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      for (long start = from; start < to; start += batchRows) {
        int n = (int) Math.min(batchRows, to - start);
        fill(root, start, n);
        w.writeBatch();
      }
      w.end();
    }
  }

  private static void fill(VectorSchemaRoot root, long start, int n) {
    for (FieldVector v : root.getFieldVectors()) {
      v.reset();
      v.setInitialCapacity(n);
      v.allocateNew();
    }
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    Float8Vector amount = (Float8Vector) root.getVector("amount");
    SmallIntVector small = (SmallIntVector) root.getVector("small");
    BitVector flag = (BitVector) root.getVector("flag");
    DateDayVector day = (DateDayVector) root.getVector("day");
    TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
    TimeStampMicroVector localTs = (TimeStampMicroVector) root.getVector("local_ts");
    DecimalVector price = (DecimalVector) root.getVector("price");
    VarBinaryVector raw = (VarBinaryVector) root.getVector("raw");
    ListVector tags = (ListVector) root.getVector("tags");
    VarCharVector tagItems = (VarCharVector) tags.getDataVector();
    StructVector point = (StructVector) root.getVector("point");
    IntVector x = (IntVector) point.getChild("x");
    Float8Vector y = (Float8Vector) point.getChild("y");
    int item = 0;
    for (int i = 0; i < n; i++) {
      long r = start + i;
      Object[] e = expected(r);
      id.setSafe(i, r);
      if (e[1] == null) {
        name.setNull(i);
      } else {
        name.setSafe(i, ((String) e[1]).getBytes(StandardCharsets.UTF_8));
      }
      if (e[2] == null) {
        amount.setNull(i);
      } else {
        amount.setSafe(i, (Double) e[2]);
      }
      small.setSafe(i, (Short) e[3]);
      if (e[4] == null) {
        flag.setNull(i);
      } else {
        flag.setSafe(i, (Boolean) e[4] ? 1 : 0);
      }
      day.setSafe(i, (int) ((LocalDate) e[5]).toEpochDay());
      Instant t = (Instant) e[6];
      ts.setSafe(i, t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
      if (e[7] == null) {
        localTs.setNull(i);
      } else {
        localTs.setSafe(i, ((LocalDateTime) e[7]).toEpochSecond(ZoneOffset.UTC) * 1_000_000);
      }
      price.setSafe(i, (BigDecimal) e[8]);
      if (e[9] == null) {
        raw.setNull(i);
      } else {
        raw.setSafe(i, (byte[]) e[9]);
      }
      @SuppressWarnings("unchecked")
      List<String> tl = (List<String>) e[10];
      if (tl == null) {
        tags.setNull(i);
      } else {
        tags.startNewValue(i);
        for (String s : tl) {
          if (s == null) {
            tagItems.setNull(item);
          } else {
            tagItems.setSafe(item, s.getBytes(StandardCharsets.UTF_8));
          }
          item++;
        }
        tags.endValue(i, tl.size());
      }
      if (e[11] == null) {
        point.setNull(i);
      } else {
        point.setIndexDefined(i);
        x.setSafe(i, (int) r);
        y.setSafe(i, r / 2.0);
      }
    }
    tagItems.setValueCount(item);
    x.setValueCount(n);
    y.setValueCount(n);
    root.setRowCount(n);
  }
}
