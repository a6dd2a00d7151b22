package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** CSV output: quoting, nulls against empty strings, value formats, and reading it back. */
class CsvWriterTest {
  /** {@code s} as the writer writes one field (here, a column name in the header row). */
  private static String quoted(String s) throws IOException {
    java.io.StringWriter out = new java.io.StringWriter();
    new CsvWriter(out).writeHeader(new Schema(List.of(Field.nullable(s, new ArrowType.Utf8()))));
    return out.toString().substring(0, out.toString().length() - 1);
  }

  @Test
  void quotesOnlyWhatNeedsIt() throws IOException {
    assertEquals("plain text", quoted("plain text"));
    assertEquals("\"a,b\"", quoted("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", quoted("say \"hi\""));
    assertEquals("\"two\nlines\"", quoted("two\nlines"));
    assertEquals("\"cr\rhere\"", quoted("cr\rhere"));
    assertEquals("\"\"", quoted(""));
  }

  private static VectorSchemaRoot sample(BufferAllocator a) {
    BigIntVector id = new BigIntVector("id", a);
    VarCharVector text = new VarCharVector("text", a);
    Float8Vector score = new Float8Vector("score", a);
    BitVector ok = new BitVector("ok", a);
    DateDayVector day = new DateDayVector("day", a);
    TimeStampMicroVector local = new TimeStampMicroVector("local", a);
    TimeStampMilliTZVector utc = new TimeStampMilliTZVector("utc", a, "UTC");
    VectorSchemaRoot root = new VectorSchemaRoot(List.of(id, text, score, ok, day, local, utc));
    root.allocateNew();
    id.set(0, 1);
    id.setNull(1);
    id.set(2, -3);
    text.setSafe(0, "a, \"quoted\"\nvalue".getBytes(StandardCharsets.UTF_8));
    text.setSafe(1, new byte[0]);
    text.setNull(2);
    score.set(0, 2.5);
    score.set(1, Double.NaN);
    score.setNull(2);
    ok.set(0, 1);
    ok.set(1, 0);
    ok.setNull(2);
    day.set(0, 19753); // 2024-01-31
    day.setNull(1);
    day.set(2, 0);
    local.set(0, 1_706_702_400_123_456L); // 2024-01-31T12:00:00.123456
    local.setNull(1);
    local.set(2, -1);
    utc.set(0, 1_706_702_400_000L);
    utc.setNull(1);
    utc.setNull(2);
    root.setRowCount(3);
    return root;
  }

  @Test
  void writesHeaderValuesAndNulls() throws IOException {
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = sample(a)) {
      StringWriter out = new StringWriter();
      CsvWriter w = new CsvWriter(out);
      w.writeHeader(root.getSchema());
      w.writeBatch(root, null);
      assertEquals("id,text,score,ok,day,local,utc\n"
          + "1,\"a, \"\"quoted\"\"\nvalue\",2.5,true,2024-01-31,2024-01-31T12:00:00.123456,2024-01-31T12:00:00Z\n"
          + ",\"\",NaN,false,,,\n"
          + "-3,,,,1970-01-01,1969-12-31T23:59:59.999999,\n", out.toString());
    }
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws IOException {
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = sample(a)) {
      StringWriter out = new StringWriter();
      CsvWriter w = new CsvWriter(out);
      w.writeHeader(root.getSchema());
      w.writeBatch(root, null);
      byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
      try (CsvReader r = new CsvReader(new ByteArrayInputStream(bytes), "x.csv", bytes.length, a, 100, 100)) {
        Schema s = r.schema();
        assertEquals(CsvColumnType.INT64.arrowType(), s.findField("id").getType());
        assertEquals(CsvColumnType.UTF8.arrowType(), s.findField("text").getType());
        assertEquals(CsvColumnType.FLOAT64.arrowType(), s.findField("score").getType());
        assertEquals(CsvColumnType.BOOL.arrowType(), s.findField("ok").getType());
        assertTrue(r.loadNext());
        VectorSchemaRoot back = r.root();
        assertEquals(3, back.getRowCount());
        for (String column : List.of("id", "text", "score", "ok", "day", "local", "utc")) {
          for (int i = 0; i < 3; i++) {
            assertEquals(ValueFormat.text(root.getVector(column), i, null), ValueFormat.text(back.getVector(column), i, null),
                column + " row " + i);
          }
        }
        // the empty string and the null stayed apart
        assertFalse(back.getVector("text").isNull(1));
        assertTrue(back.getVector("text").isNull(2));
        assertFalse(r.loadNext());
      }
    }
  }
}
